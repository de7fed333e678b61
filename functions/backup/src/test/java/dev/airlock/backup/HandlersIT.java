package dev.airlock.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.airlock.backup.adapter.EmfMetricsPublisher;
import dev.airlock.backup.domain.BackupReport;
import dev.airlock.backup.domain.DrillReport;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import dev.airlock.backup.port.MetricsPublisher;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.emulators.replication.ReplicationStandIn;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The three Lambda handlers in a Micronaut context configured by properties (as in Lambda, with the
 * endpoints pointed at the local stack), fed the checked-in events of {@code events/}.
 */
@ExtendWith(LocalAwsExtension.class)
class HandlersIT {

  static Path events() {
    return Path.of(System.getProperty("airlock.repo.root", "../.."), "events");
  }

  private static ApplicationContext context(
      BackupTestBed bed, AuditLog audit, MetricsPublisher metrics) {
    return ApplicationContext.builder()
        .properties(bed.templateProperties())
        .singletons(audit, metrics)
        .start();
  }

  @Test
  void handlers_shouldBackUpRestoreAndDrill_fromTheSampleEvents(LocalAws aws) throws Exception {
    BackupTestBed bed = new BackupTestBed(aws);
    bed.put("lookup/handler/a.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), Map.of());
    bed.put(
        "tenants/acct-h/billing.json", new byte[] {9, 8, 7}, Map.of("airlock-enc", "envelope-v1"));
    StringWriter audit = new StringWriter();
    List<String> metrics = new CopyOnWriteArrayList<>();
    try (ApplicationContext ctx =
            context(
                bed,
                new JsonLinesAuditLog(audit),
                new EmfMetricsPublisher("Airlock/test/Backup", metrics::add, Clock.systemUTC()));
        ReplicationStandIn standIn = ReplicationStandIn.start(bed.replication())) {
      JsonMapper json = ctx.getBean(JsonMapper.class);
      ScheduledEvent hourly =
          json.readValue(
              Files.readAllBytes(events().resolve("backup/scheduled-event.json")),
              Argument.of(ScheduledEvent.class));
      assertEquals("Scheduled Event", hourly.getDetailType());

      BackupReport backup = new BackupHandler(ctx).handleRequest(hourly, null);
      assertEquals(BackupReport.SUCCEEDED, backup.outcome());
      assertEquals(2, backup.manifest().objectCount());
      assertTrue(standIn.awaitCaughtUp(Duration.ofSeconds(30)));

      RestoreRequest request =
          json.readValue(
              Files.readAllBytes(events().resolve("backup/restore-request.json")),
              Argument.of(RestoreRequest.class));
      RestoreReport restore = new RestoreHandler(ctx).handleRequest(request, null);
      assertEquals(RestoreReport.RESTORED, restore.outcome(), restore.message());
      assertEquals("replica", restore.sourceRegion());
      assertEquals(bed.restore, restore.targetBucket());
      assertEquals(2, BackupTestBed.readAll(aws.s3(), bed.restore, "restores/2026-01-01/").size());

      ScheduledEvent weekly =
          json.readValue(
              Files.readAllBytes(events().resolve("restore-drill/scheduled-event.json")),
              Argument.of(ScheduledEvent.class));
      DrillReport drill = new RestoreDrillHandler(ctx).handleRequest(weekly, null);
      assertEquals(DrillReport.PASSED, drill.outcome(), drill.message());

      // Configured like RestoreDrillFunction: no state bucket, no backup key, the replica key ARN.
      Map<String, Object> drillOnly = new HashMap<>();
      aws.micronautProperties()
          .forEach(
              (k, v) -> {
                if (k.startsWith("aws.") && !k.equals("aws.replica-region")) {
                  drillOnly.put(k, v);
                }
              });
      drillOnly.put("airlock.backup-bucket", bed.backup);
      drillOnly.put("airlock.replica-bucket-arn", "arn:aws:s3:::" + bed.replica);
      drillOnly.put("airlock.replica-region", aws.replicaRegion());
      drillOnly.put(
          "airlock.replica-backup-key-arn",
          aws.keyArn("BackupKey")
              .replace(":" + aws.region() + ":", ":" + aws.replicaRegion() + ":"));
      try (ApplicationContext drillCtx =
          ApplicationContext.builder()
              .properties(drillOnly)
              .singletons(new JsonLinesAuditLog(new StringWriter()), (MetricsPublisher) m -> {})
              .start()) {
        DrillReport inMemory = new RestoreDrillHandler(drillCtx).handleRequest(weekly, null);
        assertEquals(DrillReport.PASSED, inMemory.outcome(), inMemory.message());
        assertEquals("in-memory", inMemory.mode());
        assertEquals("replica", inMemory.region());
      }

      // Break the replica's archive: the drill now fails the invocation.
      String archive = backup.manifest().ref().archiveKey();
      byte[] bytes =
          aws.s3Replica().getObjectAsBytes(r -> r.bucket(bed.replica).key(archive)).asByteArray();
      bytes[bytes.length / 2] ^= 0x20;
      aws.s3Replica()
          .putObject(
              r -> r.bucket(bed.replica).key(archive),
              software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
      RestoreDrillHandler.DrillFailedException failed =
          assertThrows(
              RestoreDrillHandler.DrillFailedException.class,
              () -> new RestoreDrillHandler(ctx).handleRequest(weekly, null));
      assertTrue(failed.getMessage().contains("chunk"), failed.getMessage());
    }
    assertTrue(audit.toString().contains("\"backup.snapshot\""));
    assertTrue(audit.toString().contains("\"backup.restore\""));
    assertTrue(audit.toString().contains("\"backup.drill\""));
    assertTrue(metrics.stream().anyMatch(l -> l.contains("\"SnapshotCompleted\":1")));
  }
}
