package dev.airlock.aws.sqs;

import dev.airlock.core.json.Json;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.message.EnqueueException;
import dev.airlock.core.message.JobQueue;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link JobQueue} on an SQS FIFO queue: the body is the job's JSON, the message group is the
 * repository (one repository's jobs in order), the deduplication id is the delivery (a redelivered
 * webhook within SQS's five-minute window is dropped by the queue). Any SDK failure becomes {@link
 * EnqueueException} naming the error code only.
 */
public final class SqsJobQueue implements JobQueue {

  private final SqsClient sqs;
  private final String queueUrl;

  public SqsJobQueue(SqsClient sqs, String queueUrl) {
    if (sqs == null || queueUrl == null || queueUrl.isBlank()) {
      throw new IllegalArgumentException("an SQS client and a queue URL are required");
    }
    if (!queueUrl.endsWith(".fifo")) {
      throw new IllegalArgumentException("the analysis queue must be a FIFO queue");
    }
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  @Override
  public void enqueue(AnalysisJob job) {
    if (job == null) {
      throw new IllegalArgumentException("job is required");
    }
    String body = Json.writeString(job);
    try {
      sqs.sendMessage(
          b ->
              b.queueUrl(queueUrl)
                  .messageBody(body)
                  .messageGroupId(job.messageGroupId())
                  .messageDeduplicationId(job.deduplicationId()));
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode();
      throw new EnqueueException("queue refused the job: " + e.statusCode() + code, e);
    } catch (SdkException e) {
      throw new EnqueueException("queue unreachable: " + e.getClass().getSimpleName(), e);
    }
  }
}
