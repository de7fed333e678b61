package dev.airlock.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.accounts.DeletionTestStack.Seeded;
import dev.airlock.accounts.domain.DeletionCertificate;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.backup.BackupOperations;
import dev.airlock.backup.adapter.EmfMetricsPublisher;
import dev.airlock.backup.config.BackupAssembly;
import dev.airlock.backup.config.BackupSettings;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import dev.airlock.backup.domain.TenantSummary;
import dev.airlock.backup.domain.VerifyReport;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.emulators.replication.ReplicationStandIn;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The end-to-end promise: two accounts analyzed and backed up (the snapshot replicated to
 * the second region); one is deleted; the earlier backup, restored from either region, brings back
 * the deleted account's objects only as ciphertext no key opens — counted as shredded, failing with
 * {@code KMSInvalidStateException} — while the other account's objects restore byte for byte.
 */
@ExtendWith(LocalAwsExtension.class)
class ShreddedBackupIT {

  private static void versioned(S3Client s3, String bucket) {
    s3.createBucket(r -> r.bucket(bucket));
    s3.putBucketVersioning(
        r ->
            r.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
  }

  @Test
  void restoreOfAnEarlierBackup_shouldShredTheDeletedAccountOnly_fromBothRegions(LocalAws aws)
      throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String state = "acct-state-" + suffix;
    String standby = "acct-standby-" + suffix;
    String backup = "acct-backup-" + suffix;
    String replica = "acct-replica-" + suffix;
    String restore = "acct-restore-" + suffix;
    String restoreReplica = "acct-restore-r-" + suffix;
    versioned(aws.s3(), state);
    versioned(aws.s3(), backup);
    versioned(aws.s3(), restore);
    versioned(aws.s3Replica(), standby);
    versioned(aws.s3Replica(), replica);
    versioned(aws.s3Replica(), restoreReplica);
    DeletionTestStack stack = new DeletionTestStack(aws, state, standby);
    Seeded gone = stack.seed(DeletionTestStack.newAccount("gone"), "secret-gone");
    Seeded kept = stack.seed(DeletionTestStack.newAccount("kept"), "secret-kept");
    BackupOperations backups =
        BackupAssembly.assemble(
            BackupSettings.builder()
                .stateBucket(state)
                .backupBucket(backup)
                .replicaBucket(replica)
                .backupKeyId(aws.keyArn("BackupKey"))
                .backupSseKmsKeyId(aws.keyId("BackupKey"))
                .restoreBucket(restore)
                .listingDelay(Duration.ZERO)
                .replicationWindow(Duration.ofSeconds(2))
                .replicationMaxWait(Duration.ofSeconds(10))
                .replicationPollInterval(Duration.ofMillis(100))
                .drillScratchBucket(restoreReplica)
                .drillScratchRegion(BackupRegion.REPLICA)
                .build(),
            new BackupAssembly.Clients(aws.s3(), aws.kms(), aws.s3Replica(), aws.kmsReplica()),
            new JsonLinesAuditLog(new StringWriter()),
            new EmfMetricsPublisher("Airlock/test/Backup", line -> {}, Clock.systemUTC()),
            Clock.systemUTC(),
            new java.security.SecureRandom());
    try (ReplicationStandIn standIn =
        ReplicationStandIn.start(
            ReplicationStandIn.Config.of(aws.s3(), backup, aws.s3Replica(), replica)
                .withReplicaSseKmsKeyId(aws.keyId("BackupKey"))
                .withPollInterval(Duration.ofMillis(100)))) {
      backups.backup();
      assertTrue(standIn.awaitCaughtUp(Duration.ofSeconds(60)), "snapshot replicated");
    }
    // Each account has 7 current tenant objects (its run record was deleted before the backup).
    TenantSummary before = new TenantSummary(true, 14, 14, 0, 0, 0);
    assertEquals(before, backups.verify("latest", BackupRegion.PRIMARY, true).tenants());

    DeletionCertificate cert = stack.deletion().delete(gone.account());
    assertEquals(8, cert.region("primary").orElseThrow().objects());

    TenantSummary after = new TenantSummary(true, 14, 7, 7, 0, 0);
    for (BackupRegion region : BackupRegion.values()) {
      VerifyReport v = backups.verify("latest", region, true);
      assertEquals(VerifyReport.VERIFIED, v.outcome(), v.message());
      assertEquals(after, v.tenants(), region.wireName());
    }
    RestoreReport fromReplica =
        backups.restore(
            new RestoreRequest("latest", "replica", restoreReplica, "replica", "dr/", true));
    assertEquals(RestoreReport.RESTORED, fromReplica.outcome(), fromReplica.message());
    assertEquals(after, fromReplica.tenants());
    RestoreReport fromPrimary =
        backups.restore(new RestoreRequest("latest", "primary", restore, "primary", "dr/", true));
    assertEquals(RestoreReport.RESTORED, fromPrimary.outcome(), fromPrimary.message());
    assertEquals(after, fromPrimary.tenants());

    record Restored(S3Client s3, String bucket, EnvelopeCipher cipher) {}
    for (Restored r :
        List.of(
            new Restored(
                aws.s3Replica(),
                restoreReplica,
                new EnvelopeCipher(new KmsDataKeyProvider(aws.kmsReplica()))),
            new Restored(
                aws.s3(), restore, new EnvelopeCipher(new KmsDataKeyProvider(aws.kms()))))) {
      int shredded = 0;
      int intact = 0;
      for (S3Object o :
          r.s3()
              .listObjectsV2Paginator(b -> b.bucket(r.bucket()).prefix("dr/tenants/"))
              .contents()) {
        byte[] bytes =
            r.s3().getObjectAsBytes(b -> b.bucket(r.bucket()).key(o.key())).asByteArray();
        String key = o.key().substring("dr/".length());
        if (key.startsWith(StateKeys.tenantPrefix(gone.account()))) {
          KeyUnavailableException e =
              assertThrows(
                  KeyUnavailableException.class,
                  () -> r.cipher().decrypt(bytes, EnvelopeCipher.contextOf(bytes)),
                  key);
          assertEquals("KMSInvalidStateException", e.reason());
          shredded++;
        } else if (key.startsWith(StateKeys.tenantPrefix(kept.account()))) {
          assertArrayEquals(
              kept.current(key), r.cipher().decrypt(bytes, EnvelopeCipher.contextOf(bytes)), key);
          intact++;
        }
      }
      assertEquals(7, shredded, r.bucket());
      assertEquals(7, intact, r.bucket());
    }
  }
}
