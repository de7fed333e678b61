package dev.airlock.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source mapping, locally: long-polls a queue, hands each batch to the function
 * as a real {@link SQSEvent}, and with {@code ReportBatchItemFailures} deletes only the messages
 * the function did not report as failed; failed ones become visible again after the visibility
 * timeout and reach the DLQ after {@code maxReceiveCount}, exactly as in AWS. A function that
 * throws fails the whole batch.
 */
public final class SqsEventSource implements AutoCloseable {
  private final SqsClient sqs;
  private final String queueUrl;
  private final String queueArn;
  private final String region;
  private final int batchSize;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final String functionName;
  private final int timeoutSeconds;
  private final int memoryMb;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong invocations = new AtomicLong();
  private final Thread thread;

  public SqsEventSource(
      SqsClient sqs,
      String queueUrl,
      String queueArn,
      String region,
      int batchSize,
      String functionName,
      int timeoutSeconds,
      int memoryMb,
      RequestHandler<SQSEvent, SQSBatchResponse> handler) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.queueArn = queueArn;
    this.region = region;
    this.batchSize = batchSize;
    this.functionName = functionName;
    this.timeoutSeconds = timeoutSeconds;
    this.memoryMb = memoryMb;
    this.handler = handler;
    this.thread = new Thread(this::loop, "sqs-event-source-" + functionName);
    this.thread.setDaemon(true);
  }

  public SqsEventSource start() {
    thread.start();
    return this;
  }

  /** Invocations so far (for tests and the demo summary). */
  public long invocations() {
    return invocations.get();
  }

  private void loop() {
    while (running.get()) {
      try {
        pollOnce(5);
      } catch (RuntimeException e) {
        if (running.get()) {
          System.err.println("event source " + functionName + ": " + e.getClass().getSimpleName());
          sleep(500);
        }
      }
    }
  }

  /**
   * One poll-and-invoke cycle; returns how many messages were handed to the function.
   *
   * @param waitSeconds long-poll wait
   */
  public int pollOnce(int waitSeconds) {
    List<Message> messages =
        sqs.receiveMessage(
                r ->
                    r.queueUrl(queueUrl)
                        .maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNamesWithStrings("All")
                        .messageAttributeNames("All"))
            .messages();
    if (messages.isEmpty()) {
      return 0;
    }
    SQSEvent event = new SQSEvent();
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : messages) {
      SQSEvent.SQSMessage rec = new SQSEvent.SQSMessage();
      rec.setMessageId(m.messageId());
      rec.setReceiptHandle(m.receiptHandle());
      rec.setBody(m.body());
      rec.setMd5OfBody(m.md5OfBody());
      Map<String, String> attrs = new HashMap<>();
      for (Map.Entry<MessageSystemAttributeName, String> a : m.attributes().entrySet()) {
        attrs.put(a.getKey().toString(), a.getValue());
      }
      rec.setAttributes(attrs);
      rec.setEventSource("aws:sqs");
      rec.setEventSourceArn(queueArn);
      rec.setAwsRegion(region);
      records.add(rec);
    }
    event.setRecords(records);
    invocations.incrementAndGet();
    Set<String> failed = new HashSet<>();
    try {
      SQSBatchResponse response =
          handler.handleRequest(
              event, new LocalLambdaContext(functionName, timeoutSeconds, memoryMb));
      if (response != null && response.getBatchItemFailures() != null) {
        for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
          failed.add(f.getItemIdentifier());
        }
      }
    } catch (RuntimeException e) {
      System.err.println(
          "function " + functionName + " failed the batch: " + e.getClass().getName());
      return messages.size(); // nothing deleted: the whole batch is retried
    }
    List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
    for (Message m : messages) {
      if (!failed.contains(m.messageId())) {
        deletes.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(deletes.size()))
                .receiptHandle(m.receiptHandle())
                .build());
      }
    }
    if (!deletes.isEmpty()) {
      sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(deletes));
    }
    return messages.size();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running.set(false);
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
