package dev.airlock.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.airlock.accounts.DeletionTestStack.Seeded;
import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.accounts.domain.DeletionCertificate;
import dev.airlock.accounts.domain.QueuedDeletions;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.json.Json;
import dev.airlock.core.message.AccountDeletionMessage;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The queue entry point: deletion requests sent to a queue on ElasticMQ as billing sends them,
 * received and handed to {@link AccountDeletionQueueHandler} as Lambda's SQS event source would,
 * carried out against S3Mock and the local KMS; failures reported per message.
 */
@ExtendWith(LocalAwsExtension.class)
class AccountDeletionQueueHandlerIT {
  private LocalAws aws;
  private DeletionTestStack stack;
  private String queueUrl;

  @BeforeEach
  void setUp(LocalAws aws) {
    this.aws = aws;
    stack = new DeletionTestStack(aws);
    byte[] r = new byte[5];
    ThreadLocalRandom.current().nextBytes(r);
    queueUrl =
        aws.sqs()
            .createQueue(q -> q.queueName("accounts-it-" + HexFormat.of().formatHex(r)))
            .queueUrl();
  }

  private ApplicationContext context(AuditLog audit) {
    Map<String, Object> props = new HashMap<>(aws.micronautProperties());
    ApplicationContext ctx = ApplicationContext.builder().properties(props).build();
    ctx.registerSingleton(AuditLog.class, audit);
    return ctx.start();
  }

  /** Sends the bodies, then receives them as one SQS event (what Lambda's event source does). */
  private SQSEvent roundTrip(List<String> bodies) {
    for (String b : bodies) {
      aws.sqs().sendMessage(m -> m.queueUrl(queueUrl).messageBody(b));
    }
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    while (records.size() < bodies.size()) {
      for (Message m :
          aws.sqs()
              .receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        SQSEvent.SQSMessage rec = new SQSEvent.SQSMessage();
        rec.setMessageId(m.messageId());
        rec.setReceiptHandle(m.receiptHandle());
        rec.setBody(m.body());
        rec.setEventSource("aws:sqs");
        records.add(rec);
      }
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  private static String idOf(SQSEvent event, String bodyPart) {
    return event.getRecords().stream()
        .filter(r -> r.getBody().contains(bodyPart))
        .findFirst()
        .orElseThrow()
        .getMessageId();
  }

  /** The serializer the Lambda runtime finds on the function's class path. */
  private static CustomPojoSerializer lambdaSerializer() {
    return ServiceLoader.load(CustomPojoSerializer.class).findFirst().orElseThrow();
  }

  @Test
  void sampleEvent_shouldReadAndAnswerThroughTheLambdaRuntimesSerializer() throws Exception {
    Path file =
        Path.of(
            System.getProperty("airlock.repo.root"),
            "events",
            "accounts",
            "deletion-queue-event.json");
    SQSEvent event;
    try (InputStream in = Files.newInputStream(file)) {
      event = lambdaSerializer().fromJson(in, SQSEvent.class);
    }
    assertEquals(1, event.getRecords().size());
    SQSEvent.SQSMessage record = event.getRecords().get(0);
    assertEquals("7d0c2f9e-4b1a-4a53-9c1e-2f8b6d3a0001", record.getMessageId());
    assertEquals(
        AccountDeletionMessage.subscriptionCanceled(
            "github-1234567", "evt_1AirlockSubscriptionDeleted"),
        Json.read(record.getBody(), AccountDeletionMessage.class));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lambdaSerializer()
        .toJson(
            new SQSBatchResponse(
                List.of(new SQSBatchResponse.BatchItemFailure(record.getMessageId()))),
            out,
            SQSBatchResponse.class);
    assertEquals(
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"7d0c2f9e-4b1a-4a53-9c1e-2f8b6d3a0001\"}]}",
        out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void handleRequest_shouldDeleteTheAccount_whenBillingRequestedItOnCancel() {
    Seeded seeded = stack.seed(DeletionTestStack.newAccount("queued"), "s");
    StringWriter lines = new StringWriter();
    List<AuditRecord> audit = new ArrayList<>();
    try (ApplicationContext ctx = context(new JsonLinesAuditLog(lines, audit::add))) {
      SQSEvent event =
          roundTrip(
              List.of(
                  Json.writeString(
                      AccountDeletionMessage.subscriptionCanceled(
                          seeded.account(), "evt_1QueuedCancel"))));

      SQSBatchResponse response = new AccountDeletionQueueHandler(ctx).handleRequest(event, null);

      assertEquals(List.of(), response.getBatchItemFailures());
      DeletionCertificate cert =
          DeletionCertificate.fromJson(
              stack
                  .state
                  .get(StateKeys.deletionCertificate(seeded.account()))
                  .orElseThrow()
                  .value());
      assertEquals("subscription-canceled", cert.reason());
      assertEquals("stripe:evt_1QueuedCancel", cert.requestedBy());
      assertEquals(8, cert.region("primary").orElseThrow().objects());
      assertEquals(
          KeyState.PENDING_DELETION,
          aws.kmsReplica()
              .describeKey(r -> r.keyId(TenantKeys.aliasFor(seeded.account())))
              .keyMetadata()
              .keyState());
      assertTrue(
          audit.stream()
              .anyMatch(
                  r ->
                      r.action().equals(AccountDeletion.AUDIT_ACTION)
                          && r.outcome().equals("succeeded")));

      // A redelivery (at-least-once queue) changes nothing and is not a failure.
      SQSBatchResponse again =
          new AccountDeletionQueueHandler(ctx)
              .handleRequest(
                  roundTrip(
                      List.of(
                          Json.writeString(
                              AccountDeletionMessage.subscriptionCanceled(
                                  seeded.account(), "evt_1QueuedCancel")))),
                  null);
      assertEquals(List.of(), again.getBatchItemFailures());
    }
  }

  @Test
  void handleRequest_shouldReportExactlyTheUnreadableMessage_whenABatchMixesValidAndMalformed() {
    Seeded seeded = stack.seed(DeletionTestStack.newAccount("mixed"), "s");
    String unknown = DeletionTestStack.newAccount("nobody");
    List<AuditRecord> audit = new ArrayList<>();
    try (ApplicationContext ctx = context(new JsonLinesAuditLog(new StringWriter(), audit::add))) {
      SQSEvent event =
          roundTrip(
              List.of(
                  Json.writeString(
                      AccountDeletionMessage.subscriptionCanceled(seeded.account(), "evt_1Mixed")),
                  "{\"version\":1,\"accountId\":\"Not An Id\",\"reason\":\"x\",\"requestedBy\":\"y\"}",
                  "{\"version\":2,\"accountId\":\"malformed-v2\",\"reason\":\"subscription-canceled\","
                      + "\"requestedBy\":\"stripe:evt_1\"}",
                  Json.writeString(
                      AccountDeletionMessage.subscriptionCanceled(unknown, "evt_1Unknown"))));

      SQSBatchResponse response = new AccountDeletionQueueHandler(ctx).handleRequest(event, null);

      List<String> failed =
          response.getBatchItemFailures().stream()
              .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
              .sorted()
              .toList();
      assertEquals(
          java.util.stream.Stream.of(idOf(event, "Not An Id"), idOf(event, "malformed-v2"))
              .sorted()
              .toList(),
          failed,
          "only the unreadable requests go back to the queue (and on to the DLQ)");
      assertTrue(
          stack.state.get(StateKeys.deletionCertificate(seeded.account())).isPresent(),
          "the valid request in the same batch was carried out");
      assertTrue(
          stack.state.get(StateKeys.deletionProgress(unknown)).isEmpty(),
          "an id with nothing stored leaves no tombstone and is not retried");
      assertEquals(
          2,
          audit.stream()
              .filter(
                  r ->
                      r.action().equals(QueuedDeletions.AUDIT_ACTION)
                          && r.reason().equals("malformed-request"))
              .count());
    }
  }
}
