package dev.airlock.accounts.config;

import dev.airlock.accounts.adapter.KmsTenantKeyShredder;
import dev.airlock.accounts.adapter.S3PurgeTarget;
import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.accounts.domain.DeletionHook;
import dev.airlock.accounts.domain.DeletionSettings;
import dev.airlock.accounts.domain.TenantAuditExport;
import dev.airlock.accounts.port.PurgeTarget;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.core.tenant.TenantVault;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The plain-Java way to build account deletion and the audit export from SDK clients: what the
 * local CLI calls ({@code delete-account}, {@code audit export}) and what the function's Micronaut
 * factory delegates to. Callers own the clients.
 *
 * <pre>{@code
 * AccountDeletion deletion = AccountDeletions.create(
 *     new AccountDeletions.Resources(s3, "airlock-state", stateKeyId,
 *         s3Replica, "airlock-state-standby", kms, kmsReplica),
 *     DeletionSettings.defaults(), audit);
 * DeletionCertificate certificate = deletion.delete(accountId);
 * System.out.println(new String(certificate.toJson(), UTF_8));
 * }</pre>
 */
public final class AccountDeletions {
  private AccountDeletions() {}

  /**
   * Where an Airlock deployment keeps its state and keys.
   *
   * @param s3 the primary region's S3 client
   * @param stateBucket the state bucket
   * @param stateSseKeyId the SSE-KMS key for writes to the state bucket (bare key id locally), or
   *     null for the bucket's default encryption
   * @param standbyS3 the replica region's S3 client, or null without a standby bucket
   * @param standbyBucket the replica region's standby state bucket, or null
   * @param kms the primary region's KMS client
   * @param replicaKms the replica region's KMS client, or null for a single-region setup
   */
  public record Resources(
      S3Client s3,
      String stateBucket,
      String stateSseKeyId,
      S3Client standbyS3,
      String standbyBucket,
      KmsClient kms,
      KmsClient replicaKms) {
    public Resources {
      if (s3 == null || kms == null || stateBucket == null || stateBucket.isBlank()) {
        throw new IllegalArgumentException("S3 and KMS clients and the state bucket are required");
      }
      if (standbyBucket != null && standbyBucket.isBlank()) {
        standbyBucket = null;
      }
      if ((standbyS3 == null) != (standbyBucket == null)) {
        throw new IllegalArgumentException("a standby bucket needs its region's S3 client");
      }
    }
  }

  /** Account deletion with the system clock and no test hook. */
  public static AccountDeletion create(
      Resources resources, DeletionSettings settings, AuditLog audit) {
    return create(resources, settings, audit, Clock.systemUTC(), DeletionHook.NONE);
  }

  /** Account deletion; {@code hook} lets tests stop it at a checkpoint. */
  public static AccountDeletion create(
      Resources resources,
      DeletionSettings settings,
      AuditLog audit,
      Clock clock,
      DeletionHook hook) {
    List<PurgeTarget> targets = new ArrayList<>();
    targets.add(
        new S3PurgeTarget(
            resources.s3(), "primary", region(resources.s3()), resources.stateBucket()));
    if (resources.standbyBucket() != null) {
      targets.add(
          new S3PurgeTarget(
              resources.standbyS3(),
              "standby",
              region(resources.standbyS3()),
              resources.standbyBucket()));
    }
    return new AccountDeletion(
        stateStore(resources),
        targets,
        new KmsTenantKeyShredder(resources.kms(), resources.replicaKms()),
        audit,
        clock,
        settings,
        hook,
        IoThreads.POOL);
  }

  /**
   * The threads on which deletions overlap their independent reads: at most {@value #SIZE} at once
   * (more S3 reads in flight gain little and load the bucket), daemons, started on first use and
   * gone after a minute idle, shared by every deletion in the JVM (their tasks never wait on each
   * other).
   */
  private static final class IoThreads {
    static final int SIZE = 8;
    static final ExecutorService POOL = create();

    private static ExecutorService create() {
      AtomicInteger n = new AtomicInteger();
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              SIZE,
              SIZE,
              60,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "account-deletion-io-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }

  /**
   * The audit export of the deployment's state bucket: decrypts receipts with the primary region's
   * KMS, never creating a key.
   */
  public static TenantAuditExport auditExport(Resources resources) {
    StateStore store = stateStore(resources);
    TenantKeys existingOnly = TenantKeys::aliasFor;
    return new TenantAuditExport(
        store,
        new TenantDocuments(
            store, new TenantVault(new KmsDataKeyProvider(resources.kms()), existingOnly)));
  }

  /**
   * The state bucket without core's secret guard: deletion writes only records it builds itself
   * from identifiers (keys, S3 version ids, key ARNs), and the guard's heuristic for AWS secret
   * keys (40 base64 characters near "aws") can match an S3 version id beside a key ARN, which would
   * block a deletion for nothing.
   */
  static StateStore stateStore(Resources resources) {
    return new S3StateStore(resources.s3(), resources.stateBucket(), resources.stateSseKeyId());
  }

  private static String region(S3Client s3) {
    Region r = s3.serviceClientConfiguration().region();
    if (r == null) {
      throw new IllegalArgumentException("S3 clients need an explicit region");
    }
    return r.id();
  }
}
