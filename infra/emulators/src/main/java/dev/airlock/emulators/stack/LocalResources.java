package dev.airlock.emulators.stack;

import java.util.List;

/**
 * The queues, buckets and keys the local stack creates, named and configured as {@code
 * template.yaml} declares them (logical id → physical name). A test in {@code infra/template}
 * compares this list with the template, so the two cannot drift apart.
 */
public final class LocalResources {
  private LocalResources() {}

  /** The analyze function's timeout in the template; queue visibility is 6x this (AWS guidance). */
  public static final int ANALYZE_TIMEOUT_SECONDS = 300;

  /**
   * The account-deletion queue function's timeout in the template; its queue's visibility is 6x
   * this.
   */
  public static final int ACCOUNT_DELETION_TIMEOUT_SECONDS = 300;

  /**
   * A queue: logical id, physical name, FIFO, visibility timeout, DLQ logical id (null for a DLQ).
   */
  public record Queue(
      String logicalId,
      String name,
      boolean fifo,
      int visibilityTimeoutSeconds,
      String deadLetterLogicalId,
      int maxReceiveCount) {}

  /** A bucket: logical id, physical name, which region's S3 holds it. */
  public record Bucket(String logicalId, String name, boolean replicaRegion) {}

  /** A service key: logical id, alias, replicated to the replica region. */
  public record Key(String logicalId, String alias, boolean multiRegion) {}

  public static final Queue ANALYSIS_DLQ =
      new Queue("AnalysisDLQ", "airlock-analysis-dlq.fifo", true, 60, null, 0);

  public static final Queue ANALYSIS_QUEUE =
      new Queue(
          "AnalysisQueue",
          "airlock-analysis.fifo",
          true,
          6 * ANALYZE_TIMEOUT_SECONDS,
          ANALYSIS_DLQ.logicalId(),
          5);

  public static final Queue ACCOUNT_DELETION_DLQ =
      new Queue("AccountDeletionDLQ", "airlock-account-deletion-dlq", false, 60, null, 0);

  /** Deletion requests (billing → accounts); standard, because deletion is idempotent. */
  public static final Queue ACCOUNT_DELETION_QUEUE =
      new Queue(
          "AccountDeletionQueue",
          "airlock-account-deletion",
          false,
          6 * ACCOUNT_DELETION_TIMEOUT_SECONDS,
          ACCOUNT_DELETION_DLQ.logicalId(),
          5);

  /** DLQs first, so redrive policies can name them. */
  public static final List<Queue> QUEUES =
      List.of(ANALYSIS_DLQ, ANALYSIS_QUEUE, ACCOUNT_DELETION_DLQ, ACCOUNT_DELETION_QUEUE);

  public static final Bucket STATE_BUCKET = new Bucket("StateBucket", "airlock-state", false);
  public static final Bucket BACKUP_BUCKET = new Bucket("BackupBucket", "airlock-backup", false);
  public static final Bucket REPLICA_BACKUP_BUCKET =
      new Bucket("ReplicaBucket", "airlock-backup-replica", true);

  /**
   * The replica region's standby state bucket ({@code infra/replica-region.yaml}): where a
   * disaster-recovery restore writes, and where account deletion also purges.
   */
  public static final Bucket STANDBY_STATE_BUCKET =
      new Bucket("StandbyStateBucket", "airlock-state-standby", true);

  public static final List<Bucket> BUCKETS =
      List.of(STATE_BUCKET, BACKUP_BUCKET, REPLICA_BACKUP_BUCKET, STANDBY_STATE_BUCKET);

  public static final Key STATE_KEY = new Key("StateKey", "alias/airlock/state", true);
  public static final Key BACKUP_KEY = new Key("BackupKey", "alias/airlock/backup", true);

  public static final List<Key> KEYS = List.of(STATE_KEY, BACKUP_KEY);

  /** Alias prefix of per-account keys, created on first need (not declared in the template). */
  public static final String TENANT_KEY_ALIAS_PREFIX = "alias/airlock/tenant/";
}
