package dev.airlock.billing.adapter;

import dev.airlock.core.json.Json;
import dev.airlock.core.message.AccountDeletionMessage;
import dev.airlock.core.message.AccountDeletionQueue;
import dev.airlock.core.message.EnqueueException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link AccountDeletionQueue} on the standard SQS queue {@code AccountDeletionQueue}: the body is
 * the message's JSON (identifiers only), nothing else is attached. Any SDK failure becomes {@link
 * EnqueueException} naming the error code only.
 */
public final class SqsAccountDeletionQueue implements AccountDeletionQueue {
  private final Supplier<SqsClient> sqs;
  private final String queueUrl;

  public SqsAccountDeletionQueue(SqsClient sqs, String queueUrl) {
    this(sqs == null ? null : () -> sqs, queueUrl);
  }

  /**
   * With the client from {@code sqs} on the first send (the composition root passes a lazily built
   * one: only a cancellation enqueues, so most invocations never need the SQS client).
   */
  public SqsAccountDeletionQueue(Supplier<SqsClient> sqs, String queueUrl) {
    if (sqs == null || queueUrl == null || queueUrl.isBlank()) {
      throw new IllegalArgumentException("an SQS client and a queue URL are required");
    }
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void send(AccountDeletionMessage request) {
    if (request == null) {
      throw new IllegalArgumentException("request is required");
    }
    String body = Json.writeString(request);
    try {
      sqs.get().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode();
      throw new EnqueueException("queue refused the request: " + e.statusCode() + code, e);
    } catch (SdkException e) {
      throw new EnqueueException("queue unreachable: " + e.getClass().getSimpleName(), e);
    }
  }
}
