package dev.airlock.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.backup.domain.BackupReport;
import dev.airlock.backup.domain.DrillReport;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import dev.airlock.emulators.replication.ReplicationStandIn;
import dev.airlock.emulators.replication.ReplicationStandIn.Fault;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The restore drill against the replica region: a healthy replica restores into a scratch prefix of
 * the standby bucket, compares equal object by object and is cleaned up; a corrupt replica fails
 * the drill naming the chunk, and the scratch prefix is still left empty.
 */
@ExtendWith(LocalAwsExtension.class)
class RestoreDrillIT {

  private static BackupTestBed replicated(LocalAws aws, Fault fault) {
    BackupTestBed bed = new BackupTestBed(aws, b -> b.chunkBytes(4096));
    for (int i = 0; i < 60; i++) {
      bed.put(
          "tenants/acct-d/runs/" + i,
          ("run summary " + i + " " + "x".repeat(i * 40)).getBytes(StandardCharsets.UTF_8),
          Map.of("airlock-enc", "envelope-v1"));
    }
    bed.put("markers/stripe-events/evt_empty", new byte[0], Map.of());
    try (ReplicationStandIn standIn = ReplicationStandIn.start(bed.replication()).fault(fault)) {
      BackupReport r = bed.ops.backup();
      assertNotNull(r.manifest());
      assertTrue(standIn.awaitCaughtUp(Duration.ofSeconds(30)));
    }
    return bed;
  }

  @Test
  void drill_shouldRestoreCompareAndCleanUp_whenTheReplicaIsIntact(LocalAws aws) {
    BackupTestBed bed = replicated(aws, Fault.NONE);
    DrillReport d = bed.ops.drill();
    assertEquals(DrillReport.PASSED, d.outcome(), d.message());
    assertEquals("replica", d.region());
    assertEquals("scratch", d.mode());
    assertEquals(61, d.objectsCompared());
    assertEquals(0, d.mismatched() + d.missing() + d.extra());
    assertTrue(d.cleanedUp());
    assertTrue(d.scratchPrefix().startsWith("drill/"), d.scratchPrefix());
    assertEquals(
        0, BackupTestBed.versionCount(aws.s3Replica(), bed.standby, "drill/"), "scratch emptied");
    assertEquals(1.0, bed.lastMetric("RestoreDrillPassed"));
    assertTrue(
        bed.auditLines().stream()
            .anyMatch(l -> l.contains("\"backup.drill\"") && l.contains("\"succeeded\"")));
  }

  @Test
  void drill_shouldFailNamingTheFailure_andStillCleanUp_whenTheReplicaIsCorrupt(LocalAws aws) {
    BackupTestBed bed = replicated(aws, Fault.CORRUPT);
    DrillReport d = bed.ops.drill();
    assertEquals(DrillReport.FAILED, d.outcome());
    // The stand-in flips a byte in the middle of every replica, the manifest's too: its tag fails
    // before the archive is read (a flipped archive byte alone names its chunk: TamperingIT).
    assertEquals("manifest-authentication", d.failure(), d.message());
    assertNull(d.failedChunk());
    assertEquals(
        0, BackupTestBed.versionCount(aws.s3Replica(), bed.standby, "drill/"), "nothing left");
    assertEquals(1.0, bed.lastMetric("RestoreDrillFailed"));
    // The primary copy is intact, and restores.
    RestoreReport r =
        bed.ops.restore(new RestoreRequest("latest", "primary", null, null, "after-drill/", false));
    assertEquals(RestoreReport.RESTORED, r.outcome(), r.message());
  }

  @Test
  void drill_shouldStreamWithoutWriting_whenNoScratchBucketIsConfigured(LocalAws aws) {
    BackupTestBed bed = replicated(aws, Fault.NONE);
    DrillReport d = bed.wire(b -> b.chunkBytes(4096).drillScratchBucket(null)).drill();
    assertEquals(DrillReport.PASSED, d.outcome(), d.message());
    assertEquals("in-memory", d.mode());
    assertEquals(61, d.objectsCompared());
    assertNull(d.scratchPrefix());
  }

  @Test
  void drill_shouldFail_whenTheReplicaHasNoSnapshot(LocalAws aws) {
    BackupTestBed bed = new BackupTestBed(aws);
    DrillReport d = bed.ops.drill();
    assertEquals(DrillReport.FAILED, d.outcome());
    assertEquals("not-found", d.failure());
  }

  @Test
  void restore_shouldRefuse_aTargetPrefixThatHoldsObjects(LocalAws aws) {
    BackupTestBed bed = replicated(aws, Fault.NONE);
    aws.s3()
        .putObject(
            r -> r.bucket(bed.restore).key("occupied/x"),
            software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
    RestoreReport r =
        bed.ops.restore(new RestoreRequest("latest", "replica", null, null, "occupied/", false));
    assertEquals(RestoreReport.FAILED, r.outcome());
    assertEquals("target-not-empty", r.failure());
    assertEquals(1, BackupTestBed.versionCount(aws.s3(), bed.restore, "occupied/"), "untouched");
  }
}
