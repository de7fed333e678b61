package dev.airlock.accounts;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.airlock.accounts.config.FunctionContext;
import dev.airlock.accounts.domain.QueuedDeletions;
import dev.airlock.accounts.domain.QueuedDeletions.QueuedMessage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda entry point of account deletion from the account-deletion queue, with {@code
 * ReportBatchItemFailures}: translates the SQS batch, lets {@link QueuedDeletions} carry each
 * request out with the same domain as {@link AccountDeletionHandler}, and reports the messages to
 * deliver again. Nothing else.
 *
 * <p>The no-argument constructor is Lambda's; tests and the local stack pass their own {@link
 * ApplicationContext}.
 */
public class AccountDeletionQueueHandler
    extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject QueuedDeletions deletions;

  public AccountDeletionQueueHandler() {}

  public AccountDeletionQueueHandler(ApplicationContext context) {
    super(context);
  }

  /** Lambda's context, with only the beans an invocation needs ({@link FunctionContext}). */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return FunctionContext.builder();
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    List<QueuedMessage> messages = new ArrayList<>();
    if (event != null && event.getRecords() != null) {
      for (SQSEvent.SQSMessage m : event.getRecords()) {
        messages.add(
            QueuedMessage.of(
                m.getMessageId(),
                m.getBody(),
                m.getAttributes() == null ? null : m.getAttributes().get("SentTimestamp")));
      }
    }
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (String id : deletions.process(messages)) {
      failures.add(new SQSBatchResponse.BatchItemFailure(id));
    }
    return new SQSBatchResponse(failures);
  }
}
