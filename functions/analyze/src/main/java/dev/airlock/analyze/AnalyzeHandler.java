package dev.airlock.analyze;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.airlock.analyze.config.AnalyzeConfiguration;
import dev.airlock.analyze.config.FunctionContext;
import dev.airlock.analyze.domain.JobBatch;
import dev.airlock.analyze.domain.JobBatch.QueuedMessage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Any;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point of checkout-and-analyze, on the FIFO analysis queue with {@code
 * ReportBatchItemFailures}: translates the SQS batch into queued messages, lets {@link JobBatch}
 * process them, and reports the messages to deliver again as batch item failures. Nothing else.
 *
 * <p>The no-argument constructor is Lambda's; tests and the local stack pass their own {@link
 * ApplicationContext}.
 */
public class AnalyzeHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

  @Inject JobBatch batch;
  @Inject AnalyzeConfiguration config;
  @Inject Clock clock;
  @Inject @Any BeanProvider<Context> lambdaContext;

  public AnalyzeHandler() {}

  public AnalyzeHandler(ApplicationContext context) {
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
        Map<String, String> attributes = m.getAttributes();
        messages.add(
            new QueuedMessage(
                m.getMessageId(),
                m.getBody(),
                attributes == null ? null : attributes.get("MessageGroupId")));
      }
    }
    List<String> failed = batch.process(messages, deadline());
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (String id : failed) {
      failures.add(new SQSBatchResponse.BatchItemFailure(id));
    }
    return new SQSBatchResponse(failures);
  }

  /** When this invocation ends: Lambda's remaining time, else the configured default. */
  private Instant deadline() {
    Instant now = clock.instant();
    if (lambdaContext.isPresent()) {
      int remaining = lambdaContext.get().getRemainingTimeInMillis();
      if (remaining > 0) {
        return now.plusMillis(remaining);
      }
    }
    return now.plus(config.getDefaultInvocationTimeout());
  }
}
