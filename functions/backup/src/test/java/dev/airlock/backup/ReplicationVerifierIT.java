package dev.airlock.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.aws.config.AwsClients;
import dev.airlock.backup.domain.BackupReport;
import dev.airlock.backup.domain.ReplicaCheck;
import dev.airlock.backup.domain.ReplicationReport;
import dev.airlock.backup.domain.ReplicationVerifier;
import dev.airlock.emulators.replication.ReplicationStandIn;
import dev.airlock.emulators.replication.ReplicationStandIn.Fault;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The replica verifier after each backup, against the replication stand-in told to behave, drop,
 * corrupt or delay replicas: healthy replicas pass; missing, different and late ones are reported
 * and raise the alarmed metric; ones still within the window are pending, not alarmed, and checked
 * again by the next run.
 */
@ExtendWith(LocalAwsExtension.class)
class ReplicationVerifierIT {

  private static BackupTestBed bed(
      LocalAws aws, UnaryOperator<dev.airlock.backup.config.BackupSettings.Builder> tune) {
    BackupTestBed bed = new BackupTestBed(aws, tune);
    for (int i = 0; i < 5; i++) {
      bed.put("lookup/replicated/" + i, ("record " + i).getBytes(StandardCharsets.UTF_8), Map.of());
    }
    return bed;
  }

  private static BackupReport backupWith(BackupTestBed bed, Fault fault, Duration lag) {
    try (ReplicationStandIn standIn =
        ReplicationStandIn.start(bed.replication()).fault(fault).lag(lag)) {
      return bed.ops.backup();
    }
  }

  private static void assertAlarm(BackupTestBed bed, String metric, long count) {
    assertEquals((double) count, bed.lastMetric(metric), metric);
    assertEquals(
        (double) count, bed.lastMetric(ReplicationVerifier.METRIC_FAILURES), "alarmed sum");
    assertTrue(
        bed.auditLines().stream()
            .anyMatch(l -> l.contains("\"backup.replication\"") && l.contains("\"failed\"")),
        "audited as failed");
  }

  /**
   * A scheduled run with an earlier snapshot in the bucket: the manifests are listed once (one call
   * per series, hourly and monthly), before the write, and that listing answers the previous
   * snapshot, the month's series and the replica check's look back; the earlier snapshot is located
   * once (its manifest read once) and the manifest the run just wrote is not read back. The checks
   * themselves stay: both snapshots' manifests and archives are compared with the replica.
   */
  @Test
  void backup_shouldListOnceAndReadEachManifestAtMostOnce_whenAnEarlierSnapshotExists(
      LocalAws aws) {
    BackupTestBed bed = bed(aws, b -> b);
    String earlierManifest =
        backupWith(bed, Fault.NONE, Duration.ZERO).manifest().ref().manifestKey();
    List<String> calls = new CopyOnWriteArrayList<>();
    ExecutionInterceptor recorder =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attrs) {
            String key = context.request().getValueForField("Key", String.class).orElse("");
            calls.add(attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + " " + key);
          }
        };
    try (S3Client recorded =
            S3Client.builder()
                .endpointOverride(aws.endpoint("s3"))
                .forcePathStyle(true)
                .region(Region.of(aws.region()))
                .credentialsProvider(AwsClients.localCredentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build();
        ReplicationStandIn standIn = ReplicationStandIn.start(bed.replication())) {
      BackupReport report = bed.wireWith(recorded).backup();

      ReplicationReport r = report.replication();
      assertEquals(ReplicationReport.REPLICATED, r.outcome(), r.toString());
      assertEquals(4, r.count(ReplicaCheck.REPLICATED), "both snapshots' manifest and archive");
      assertEquals(
          2,
          calls.stream().filter(c -> c.startsWith("ListObjectsV2")).count(),
          "one listing of two series: " + calls);
      assertEquals(
          1,
          calls.stream().filter(c -> c.equals("GetObject " + earlierManifest)).count(),
          "the earlier manifest is read once: " + calls);
      String manifestKey = report.manifest().ref().manifestKey();
      assertEquals(
          List.of(),
          calls.stream().filter(c -> c.equals("GetObject " + manifestKey)).toList(),
          "the manifest just written is not read back");
    }
  }

  @Test
  void check_shouldPass_whenReplicasArriveIntact(LocalAws aws) {
    BackupTestBed bed = bed(aws, b -> b);
    BackupReport report = backupWith(bed, Fault.NONE, Duration.ZERO);
    ReplicationReport r = report.replication();
    assertEquals(ReplicationReport.REPLICATED, r.outcome(), r.toString());
    assertEquals(2, r.count(ReplicaCheck.REPLICATED), "manifest and archive");
    assertEquals(bed.replica, r.replicaBucket());
    assertEquals(0.0, bed.lastMetric(ReplicationVerifier.METRIC_FAILURES));
    assertEquals(1.0, bed.lastMetric("SnapshotCompleted"));
  }

  @Test
  void check_shouldReportMissing_andRaiseTheAlarm_whenReplicationDropsObjects(LocalAws aws) {
    BackupTestBed bed =
        bed(
            aws,
            b ->
                b.replicationWindow(Duration.ofSeconds(1))
                    .replicationMaxWait(Duration.ofSeconds(2)));
    ReplicationReport r = backupWith(bed, Fault.SKIP, Duration.ZERO).replication();
    assertEquals(ReplicationReport.PROBLEM, r.outcome());
    assertEquals(2, r.count(ReplicaCheck.MISSING), r.toString());
    assertAlarm(bed, "ReplicaMissing", 2);
  }

  @Test
  void check_shouldReportDifferent_andRaiseTheAlarm_whenReplicasAreCorrupt(LocalAws aws) {
    BackupTestBed bed = bed(aws, b -> b);
    ReplicationReport r = backupWith(bed, Fault.CORRUPT, Duration.ZERO).replication();
    assertEquals(ReplicationReport.PROBLEM, r.outcome());
    assertEquals(2, r.count(ReplicaCheck.DIFFERENT), r.toString());
    assertTrue(r.checks().get(0).detail().contains("SHA-256"), r.checks().get(0).detail());
    assertAlarm(bed, "ReplicaDifferent", 2);
  }

  @Test
  void check_shouldReportLate_andRaiseTheAlarm_whenReplicasArriveAfterTheWindow(LocalAws aws) {
    BackupTestBed bed =
        bed(
            aws,
            b ->
                b.replicationWindow(Duration.ofSeconds(1))
                    .replicationMaxWait(Duration.ofSeconds(8)));
    ReplicationReport r = backupWith(bed, Fault.NONE, Duration.ofMillis(2500)).replication();
    assertEquals(ReplicationReport.PROBLEM, r.outcome());
    assertEquals(2, r.count(ReplicaCheck.LATE), r.toString());
    assertAlarm(bed, "ReplicaLate", 2);
  }

  @Test
  void check_shouldReportPending_withoutAlarm_andRecheckItOnTheNextRun(LocalAws aws) {
    BackupTestBed bed =
        bed(
            aws,
            b ->
                b.replicationWindow(Duration.ofSeconds(30))
                    .replicationMaxWait(Duration.ofMillis(300)));
    ReplicationReport first;
    try (ReplicationStandIn standIn = ReplicationStandIn.manual(bed.replication())) {
      first = bed.ops.backup().replication();
      assertEquals(ReplicationReport.PENDING, first.outcome(), first.toString());
      assertEquals(2, first.count(ReplicaCheck.PENDING));
      assertEquals(
          0.0, bed.lastMetric(ReplicationVerifier.METRIC_FAILURES), "pending is not alarmed");
      assertEquals(2.0, bed.lastMetric("ReplicaPending"));

      standIn.replicateOnce();
      BackupReport second = bed.ops.backup();
      ReplicationReport again = second.replication();
      // The new snapshot is pending now; the previous one is checked again, and is there.
      String previous = first.checks().get(0).snapshotId();
      assertEquals(
          2,
          again.checks().stream()
              .filter(
                  c ->
                      c.snapshotId().equals(previous) && ReplicaCheck.REPLICATED.equals(c.status()))
              .count(),
          again.toString());
      assertEquals(2, again.count(ReplicaCheck.PENDING));
    }
    ReplicationReport one = bed.ops.checkReplication(first.checks().get(0).snapshotId());
    assertEquals(ReplicationReport.REPLICATED, one.outcome());
  }
}
