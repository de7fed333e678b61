package dev.airlock.aws.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.json.Json;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.message.EnqueueException;
import dev.airlock.core.message.Provider;
import dev.airlock.core.message.RepositoryRef;
import dev.airlock.testkit.AwsEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link SqsJobQueue} scenarios on a fresh FIFO queue per test, run against every {@link
 * AwsEnvironment}: ElasticMQ from the embedded stack ({@link SqsJobQueueIT}) and LocalStack ({@link
 * SqsJobQueueDockerIT}). A subclass only registers the extension that resolves the environment.
 */
abstract class SqsJobQueueScenarios {

  private SqsClient sqs;
  private String queueUrl;
  private SqsJobQueue queue;

  @BeforeEach
  void createFifoQueue(AwsEnvironment aws) {
    sqs = aws.sqs();
    queueUrl =
        sqs.createQueue(
                b ->
                    b.queueName("coreaws-" + UUID.randomUUID() + ".fifo")
                        .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")))
            .queueUrl();
    queue = new SqsJobQueue(sqs, queueUrl);
  }

  private static AnalysisJob job(String jobId, String deliveryId, String sha, Integer pr) {
    return new AnalysisJob(
        AnalysisJob.CURRENT_VERSION,
        jobId,
        Provider.GITHUB,
        deliveryId,
        "123456",
        "acme",
        new RepositoryRef(
            "octo-org", "hello-world", "https://github.com/octo-org/hello-world.git", true),
        sha,
        "refs/heads/main",
        pr,
        Instant.parse("2026-01-02T03:04:05Z"));
  }

  private static final String SHA = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

  private List<Message> drain() {
    List<Message> all = new ArrayList<>();
    // Until an empty poll: FIFO hands out one group's next message only after the previous is gone.
    for (int i = 0; i < 1000; i++) {
      List<Message> batch =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      if (batch.isEmpty()) {
        break;
      }
      for (Message m : batch) {
        all.add(m);
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
    return all;
  }

  @Test
  void enqueue_shouldSendJobJsonWithGroupAndDeduplicationIds() {
    AnalysisJob job = job("job-0001", "d-1", SHA, 7);

    queue.enqueue(job);

    List<Message> received = drain();
    assertEquals(1, received.size());
    Message m = received.get(0);
    assertEquals(job, Json.read(m.body(), AnalysisJob.class));
    assertEquals(
        job.messageGroupId(), m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
    assertEquals(
        job.deduplicationId(),
        m.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
  }

  @Test
  void enqueue_shouldBeDeduplicatedByQueue_whenSameDeliveryIsEnqueuedTwice() {
    AnalysisJob job = job("job-0001", "d-1", SHA, null);
    AnalysisJob redelivery = job("job-0002", "d-1", SHA, null);

    queue.enqueue(job);
    queue.enqueue(redelivery);

    List<Message> received = drain();
    assertEquals(1, received.size());
    assertEquals(job, Json.read(received.get(0).body(), AnalysisJob.class));
  }

  @Test
  void enqueue_shouldKeepOrderWithinRepository_whenDeliveriesDiffer() {
    AnalysisJob first = job("job-0001", "d-1", "1".repeat(40), null);
    AnalysisJob second = job("job-0002", "d-2", "2".repeat(40), null);

    queue.enqueue(first);
    queue.enqueue(second);

    List<Message> received = drain();
    assertEquals(
        List.of(first, second),
        received.stream().map(m -> Json.read(m.body(), AnalysisJob.class)).toList());
  }

  @Test
  void enqueue_shouldPutEveryDeliveryOnTheQueueOnce_whenManyCallersEnqueueAtOnce(AwsEnvironment aws)
      throws Exception {
    // Its own client, counting the calls made: concurrent callers share SendMessageBatch calls.
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    ExecutionInterceptor counter =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls
                .computeIfAbsent(
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    k -> new AtomicInteger())
                .incrementAndGet();
          }
        };
    var config = sqs.serviceClientConfiguration();
    int deliveries = 150;
    Set<String> expected = new HashSet<>();
    try (SqsClient counted =
        SqsClient.builder()
            .endpointOverride(config.endpointOverride().orElseThrow())
            .region(config.region())
            .credentialsProvider(config.credentialsProvider())
            .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
            .build()) {
      SqsJobQueue shared = new SqsJobQueue(counted, queueUrl);
      ExecutorService pool = Executors.newFixedThreadPool(32);
      List<Future<?>> sent = new ArrayList<>();
      try {
        for (int i = 0; i < deliveries; i++) {
          String delivery = "d-" + i;
          expected.add(delivery);
          // Each delivery twice (GitHub redelivers): the second is a new job id, same delivery.
          for (int copy = 0; copy < 2; copy++) {
            AnalysisJob job =
                job("job-" + i + "-" + copy, delivery, String.format("%040x", i), null);
            sent.add(pool.submit(() -> shared.enqueue(job)));
          }
        }
        for (Future<?> f : sent) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }

    List<Message> received = drain();
    List<String> onQueue =
        received.stream().map(m -> Json.read(m.body(), AnalysisJob.class).deliveryId()).toList();
    assertEquals(deliveries, onQueue.size(), "one message per delivery");
    assertEquals(expected, new HashSet<>(onQueue));
    int batches = calls.getOrDefault("SendMessageBatch", new AtomicInteger()).get();
    int singles = calls.getOrDefault("SendMessage", new AtomicInteger()).get();
    assertTrue(batches > 0, "callers that overlapped shared a SendMessageBatch: " + calls);
    assertTrue(batches + singles < 2 * deliveries, "fewer calls than jobs: " + calls);
  }

  @Test
  void enqueue_shouldThrowEnqueueException_whenQueueDoesNotExist() {
    String missing = queueUrl.replace("coreaws-", "missing-");
    SqsJobQueue broken = new SqsJobQueue(sqs, missing);

    EnqueueException e =
        assertThrows(
            EnqueueException.class, () -> broken.enqueue(job("job-0001", "d-1", SHA, null)));
    assertFalse(e.getMessage().contains("refs/heads"), "no job contents in the message");
  }

  @Test
  void constructor_shouldRefuseStandardQueue() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SqsJobQueue(sqs, "http://127.0.0.1/000000000000/q"));
  }
}
