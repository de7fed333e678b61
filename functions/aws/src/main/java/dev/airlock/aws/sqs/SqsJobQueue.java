package dev.airlock.aws.sqs;

import dev.airlock.core.json.Json;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.message.EnqueueException;
import dev.airlock.core.message.JobQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * {@link JobQueue} on an SQS FIFO queue: the body is the job's JSON, the message group is the
 * repository (one repository's jobs in order), the deduplication id is the delivery (a redelivered
 * webhook within SQS's five-minute window is dropped by the queue). Any SDK failure becomes {@link
 * EnqueueException} naming the error code only.
 *
 * <p>Concurrent callers share sends through {@link GroupCommit}: whoever finds no send in flight
 * sends its job at once ({@code SendMessage}); jobs enqueued while a send is in flight go out
 * together in the next one ({@code SendMessageBatch}, at most 10 entries and {@link
 * #MAX_BATCH_BYTES} of bodies), each caller still returning only once SQS accepted its own entry.
 * One request at a time (a Lambda execution environment) is exactly one {@code SendMessage} per
 * job; a server handling many requests at once (the local stack's HTTP API) makes one call per
 * batch instead of one per job. IAM's {@code sqs:SendMessage} covers both calls.
 */
public final class SqsJobQueue implements JobQueue {

  /** SQS's limit on entries per {@code SendMessageBatch}. */
  static final int MAX_BATCH_ENTRIES = 10;

  /**
   * Bodies per batch: SQS's long-standing 256 KiB limit on a batch's total payload (newer queues
   * accept more; a job is about a kilobyte).
   */
  static final int MAX_BATCH_BYTES = 256 * 1024;

  /** A job, its JSON body and an upper bound of the body's bytes. */
  private record Outgoing(AnalysisJob job, String body, int bytes) {}

  private final SqsClient sqs;
  private final String queueUrl;
  private final GroupCommit<Outgoing> sends;

  public SqsJobQueue(SqsClient sqs, String queueUrl) {
    if (sqs == null || queueUrl == null || queueUrl.isBlank()) {
      throw new IllegalArgumentException("an SQS client and a queue URL are required");
    }
    if (!queueUrl.endsWith(".fifo")) {
      throw new IllegalArgumentException("the analysis queue must be a FIFO queue");
    }
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.sends = new GroupCommit<>(MAX_BATCH_ENTRIES, MAX_BATCH_BYTES, Outgoing::bytes, this::send);
  }

  @Override
  public void enqueue(AnalysisJob job) {
    if (job == null) {
      throw new IllegalArgumentException("job is required");
    }
    String body = Json.writeString(job);
    // An upper bound of its UTF-8 size (3 bytes per UTF-16 unit at most) without encoding it: a
    // job is about a kilobyte, so only the bound's order matters, not a copy per request.
    sends.submit(new Outgoing(job, body, 3 * body.length()));
  }

  private List<RuntimeException> send(List<Outgoing> batch) {
    try {
      if (batch.size() == 1) {
        Outgoing o = batch.get(0);
        sqs.sendMessage(
            b ->
                b.queueUrl(queueUrl)
                    .messageBody(o.body())
                    .messageGroupId(o.job().messageGroupId())
                    .messageDeduplicationId(o.job().deduplicationId()));
        return Arrays.asList((RuntimeException) null);
      }
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        Outgoing o = batch.get(i);
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .messageBody(o.body())
                .messageGroupId(o.job().messageGroupId())
                .messageDeduplicationId(o.job().deduplicationId())
                .build());
      }
      SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      return outcomes(batch.size(), r);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode();
      throw new EnqueueException("queue refused the job: " + e.statusCode() + code, e);
    } catch (SdkException e) {
      throw new EnqueueException("queue unreachable: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Per entry: null if SQS reported it sent, else why not (no report at all is a failure too). */
  static List<RuntimeException> outcomes(int size, SendMessageBatchResponse r) {
    List<RuntimeException> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new EnqueueException("queue reported nothing for the job"));
    }
    for (SendMessageBatchResultEntry ok : r.successful()) {
      int i = index(ok.id(), size);
      if (i >= 0) {
        out.set(i, null);
      }
    }
    for (BatchResultErrorEntry failed : r.failed()) {
      int i = index(failed.id(), size);
      if (i >= 0) {
        out.set(
            i,
            new EnqueueException(
                "queue refused the job: "
                    + (Boolean.TRUE.equals(failed.senderFault()) ? "sender " : "")
                    + failed.code()));
      }
    }
    return out;
  }

  private static int index(String id, int size) {
    try {
      int i = Integer.parseInt(id);
      return i >= 0 && i < size ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
