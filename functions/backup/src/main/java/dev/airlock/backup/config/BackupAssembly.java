package dev.airlock.backup.config;

import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.backup.BackupOperations;
import dev.airlock.backup.adapter.EnvelopeTenantProbe;
import dev.airlock.backup.adapter.S3RestoreTargets;
import dev.airlock.backup.adapter.S3SnapshotStore;
import dev.airlock.backup.adapter.S3StateSource;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.BackupService;
import dev.airlock.backup.domain.ReplicationVerifier;
import dev.airlock.backup.domain.RestoreDrill;
import dev.airlock.backup.domain.RestoreService;
import dev.airlock.backup.domain.SnapshotCatalog;
import dev.airlock.backup.domain.SnapshotReader;
import dev.airlock.backup.domain.SnapshotService;
import dev.airlock.backup.port.MetricsPublisher;
import dev.airlock.backup.port.SnapshotStore;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.crypto.DataKeyProvider;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The composition root without a framework: builds {@link BackupOperations} from settings, SDK
 * clients, an audit log and a metrics publisher. The Micronaut factory and the local CLI both use
 * it, so the Lambda and the operator commands are wired identically.
 */
public final class BackupAssembly {
  private BackupAssembly() {}

  /**
   * The SDK clients of both regions; the replica ones may be null when no replica is configured.
   * The caller owns (and closes) them.
   */
  public record Clients(S3Client s3, KmsClient kms, S3Client replicaS3, KmsClient replicaKms) {
    public Clients {
      if (s3 == null || kms == null) {
        throw new IllegalArgumentException("the primary region's S3 and KMS clients are required");
      }
    }
  }

  /** Wires everything with the system clock and a secure random source. */
  public static BackupOperations assemble(
      BackupSettings settings, Clients clients, AuditLog audit, MetricsPublisher metrics) {
    return assemble(settings, clients, audit, metrics, Clock.systemUTC(), new SecureRandom());
  }

  /** Wires everything. */
  public static BackupOperations assemble(
      BackupSettings settings,
      Clients clients,
      AuditLog audit,
      MetricsPublisher metrics,
      Clock clock,
      RandomGenerator random) {
    SnapshotCatalog catalog = new SnapshotCatalog();
    DataKeyProvider primaryKeys = new KmsDataKeyProvider(clients.kms());
    S3SnapshotStore primary =
        new S3SnapshotStore(
            clients.s3(),
            settings.backupBucket(),
            BackupRegion.PRIMARY,
            settings.backupSseKmsKeyId(),
            settings.partBytes());
    Map<BackupRegion, RestoreService.Site> sites = new EnumMap<>(BackupRegion.class);
    Map<BackupRegion, SnapshotStore> stores = new EnumMap<>(BackupRegion.class);
    sites.put(
        BackupRegion.PRIMARY,
        new RestoreService.Site(
            primary,
            new SnapshotReader(primaryKeys, settings.backupKeyId()),
            new EnvelopeTenantProbe(primaryKeys)));
    stores.put(BackupRegion.PRIMARY, primary);

    S3SnapshotStore replica = null;
    if (settings.replicaBucket() != null) {
      if (clients.replicaS3() == null || clients.replicaKms() == null) {
        throw new IllegalArgumentException(
            "a replica bucket is configured but the replica region's clients are missing");
      }
      DataKeyProvider replicaKeys = new KmsDataKeyProvider(clients.replicaKms());
      // Never written through: replicas arrive by S3 replication.
      replica =
          new S3SnapshotStore(
              clients.replicaS3(),
              settings.replicaBucket(),
              BackupRegion.REPLICA,
              null,
              settings.partBytes());
      // An alias names the key in both regions; a multi-region ARN is re-pointed at this region.
      String pin =
          settings.replicaBackupKeyId() != null
              ? settings.replicaBackupKeyId()
              : settings.backupKeyId();
      sites.put(
          BackupRegion.REPLICA,
          new RestoreService.Site(
              replica, new SnapshotReader(replicaKeys, pin), new EnvelopeTenantProbe(replicaKeys)));
      stores.put(BackupRegion.REPLICA, replica);
    }

    SnapshotService snapshots = null;
    if (settings.canSnapshot()) {
      snapshots =
          new SnapshotService(
              new S3StateSource(clients.s3(), settings.stateBucket()),
              primary,
              primaryKeys,
              catalog,
              new SnapshotService.Settings(
                  settings.backupKeyId(),
                  settings.chunkBytes(),
                  settings.compression(),
                  settings.listingDelay(),
                  settings.monthlySeries(),
                  settings.concurrency()),
              clock,
              random,
              audit);
    }
    ReplicationVerifier verifier =
        new ReplicationVerifier(
            primary,
            replica,
            catalog,
            new ReplicationVerifier.Policy(
                settings.replicationWindow(),
                settings.replicationMaxWait(),
                settings.replicationPollInterval(),
                settings.replicationLookback()),
            clock,
            metrics,
            audit);
    S3RestoreTargets targets =
        new S3RestoreTargets(clients.s3(), clients.replicaS3(), settings.restoreSseKmsKeyId());
    RestoreService restores =
        new RestoreService(
            catalog,
            sites,
            targets,
            settings.restoreBucket() != null ? settings.restoreBucket() : settings.stateBucket(),
            settings.concurrency(),
            audit);
    RestoreDrill.Scratch scratch = null;
    if (settings.drillScratchBucket() != null) {
      scratch =
          new RestoreDrill.Scratch(
              targets.target(settings.drillScratchBucket(), settings.drillScratchRegion()),
              settings.drillScratchPrefix());
    }
    BackupRegion drillRegion = settings.drillRegion();
    RestoreDrill drill =
        new RestoreDrill(
            catalog,
            sites.get(drillRegion),
            drillRegion,
            scratch,
            random,
            settings.concurrency(),
            metrics,
            audit);
    return new BackupOperations(
        snapshots == null ? null : new BackupService(snapshots, verifier, metrics, clock),
        restores,
        verifier,
        drill,
        catalog,
        stores);
  }
}
