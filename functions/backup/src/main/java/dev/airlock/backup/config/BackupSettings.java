package dev.airlock.backup.config;

import dev.airlock.backup.adapter.S3SnapshotStore;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.Compression;
import dev.airlock.backup.domain.archive.ChunkedCipher;
import java.time.Duration;

/**
 * Everything the backup function is configured with, as plain values (the Micronaut factory reads
 * them from properties; the local CLI and tests build them directly with {@link #builder()}).
 *
 * @param stateBucket the state bucket (primary region); needed to take snapshots (the restore drill
 *     runs without it)
 * @param backupBucket the backup bucket (primary region)
 * @param replicaBucket the replica backup bucket (replica region), or null if not replicated
 * @param backupKeyId the backup KMS key (alias or ARN) issuing data keys, needed to take snapshots;
 *     also the key unwraps are pinned to in the primary region (when null, the key the manifest
 *     names)
 * @param replicaBackupKeyId the key unwraps are pinned to in the replica region (alias or ARN), or
 *     null for {@code backupKeyId} (an alias exists in both regions; a multi-region ARN is
 *     re-pointed at the replica region)
 * @param backupSseKmsKeyId SSE-KMS key for backup objects, or null for the bucket default (S3Mock:
 *     bare key id)
 * @param restoreSseKmsKeyId SSE-KMS key for restored objects in the primary region, or null
 * @param chunkBytes plaintext bytes per sealed chunk
 * @param partBytes bytes per multipart part (the upload's memory)
 * @param compression archive compression
 * @param listingDelay wait between a snapshot's point in time and its listing
 * @param monthlySeries whether the first snapshot of a month goes to {@code monthly/}
 * @param replicationWindow the replication time window (S3 RTC: 15 minutes)
 * @param replicationMaxWait how long a backup run waits for its replicas
 * @param replicationPollInterval how often it looks
 * @param replicationLookback earlier snapshots checked again each run
 * @param restoreBucket default restore target bucket, or null for the state bucket
 * @param drillRegion which region's latest snapshot the drill restores
 * @param drillScratchBucket where the drill restores to, or null to drill in memory
 * @param drillScratchRegion the scratch bucket's region
 * @param drillScratchPrefix root of the drill's scratch prefixes (never empty)
 * @param concurrency requests in flight when reading state objects and writing restored ones
 */
public record BackupSettings(
    String stateBucket,
    String backupBucket,
    String replicaBucket,
    String backupKeyId,
    String replicaBackupKeyId,
    String backupSseKmsKeyId,
    String restoreSseKmsKeyId,
    int chunkBytes,
    int partBytes,
    Compression compression,
    Duration listingDelay,
    boolean monthlySeries,
    Duration replicationWindow,
    Duration replicationMaxWait,
    Duration replicationPollInterval,
    int replicationLookback,
    String restoreBucket,
    BackupRegion drillRegion,
    String drillScratchBucket,
    BackupRegion drillScratchRegion,
    String drillScratchPrefix,
    int concurrency) {

  public BackupSettings {
    stateBucket = blankToNull(stateBucket);
    backupBucket = required(backupBucket, "backup bucket");
    backupKeyId = blankToNull(backupKeyId);
    replicaBucket = blankToNull(replicaBucket);
    replicaBackupKeyId = blankToNull(replicaBackupKeyId);
    backupSseKmsKeyId = blankToNull(backupSseKmsKeyId);
    restoreSseKmsKeyId = blankToNull(restoreSseKmsKeyId);
    restoreBucket = blankToNull(restoreBucket);
    drillScratchBucket = blankToNull(drillScratchBucket);
    if (partBytes < S3SnapshotStore.MIN_PART_BYTES) {
      throw new IllegalArgumentException("part size must be at least 5 MiB");
    }
    if (drillRegion == BackupRegion.REPLICA && replicaBucket == null) {
      drillRegion = BackupRegion.PRIMARY;
    }
    drillRegion = drillRegion == null ? BackupRegion.PRIMARY : drillRegion;
    drillScratchRegion = drillScratchRegion == null ? BackupRegion.PRIMARY : drillScratchRegion;
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException("concurrency must be between 1 and 64");
    }
  }

  /** Whether snapshots can be taken (state bucket and backup key configured). */
  public boolean canSnapshot() {
    return stateBucket != null && backupKeyId != null;
  }

  /** A builder with the production defaults. */
  public static Builder builder() {
    return new Builder();
  }

  private static String required(String v, String what) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    return v;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }

  /** Builds {@link BackupSettings}; unset values take the production defaults. */
  public static final class Builder {
    private String stateBucket;
    private String backupBucket;
    private String replicaBucket;
    private String backupKeyId;
    private String replicaBackupKeyId;
    private String backupSseKmsKeyId;
    private String restoreSseKmsKeyId;
    private int chunkBytes = ChunkedCipher.DEFAULT_CHUNK_BYTES;
    private int partBytes = 8 * 1024 * 1024;
    private Compression compression = Compression.NONE;
    private Duration listingDelay = Duration.ofSeconds(1);
    private boolean monthlySeries = true;
    private Duration replicationWindow = Duration.ofMinutes(15);
    private Duration replicationMaxWait = Duration.ofSeconds(60);
    private Duration replicationPollInterval = Duration.ofSeconds(5);
    private int replicationLookback = 1;
    private String restoreBucket;
    private BackupRegion drillRegion = BackupRegion.REPLICA;
    private String drillScratchBucket;
    private BackupRegion drillScratchRegion = BackupRegion.PRIMARY;
    private String drillScratchPrefix = "drill/";
    private int concurrency = 8;

    private Builder() {}

    public Builder stateBucket(String v) {
      stateBucket = v;
      return this;
    }

    public Builder backupBucket(String v) {
      backupBucket = v;
      return this;
    }

    public Builder replicaBucket(String v) {
      replicaBucket = v;
      return this;
    }

    public Builder backupKeyId(String v) {
      backupKeyId = v;
      return this;
    }

    public Builder replicaBackupKeyId(String v) {
      replicaBackupKeyId = v;
      return this;
    }

    public Builder backupSseKmsKeyId(String v) {
      backupSseKmsKeyId = v;
      return this;
    }

    public Builder restoreSseKmsKeyId(String v) {
      restoreSseKmsKeyId = v;
      return this;
    }

    public Builder chunkBytes(int v) {
      chunkBytes = v;
      return this;
    }

    public Builder partBytes(int v) {
      partBytes = v;
      return this;
    }

    public Builder compression(Compression v) {
      compression = v;
      return this;
    }

    public Builder listingDelay(Duration v) {
      listingDelay = v;
      return this;
    }

    public Builder monthlySeries(boolean v) {
      monthlySeries = v;
      return this;
    }

    public Builder replicationWindow(Duration v) {
      replicationWindow = v;
      return this;
    }

    public Builder replicationMaxWait(Duration v) {
      replicationMaxWait = v;
      return this;
    }

    public Builder replicationPollInterval(Duration v) {
      replicationPollInterval = v;
      return this;
    }

    public Builder replicationLookback(int v) {
      replicationLookback = v;
      return this;
    }

    public Builder restoreBucket(String v) {
      restoreBucket = v;
      return this;
    }

    public Builder drillRegion(BackupRegion v) {
      drillRegion = v;
      return this;
    }

    public Builder drillScratchBucket(String v) {
      drillScratchBucket = v;
      return this;
    }

    public Builder drillScratchRegion(BackupRegion v) {
      drillScratchRegion = v;
      return this;
    }

    public Builder drillScratchPrefix(String v) {
      drillScratchPrefix = v;
      return this;
    }

    public Builder concurrency(int v) {
      concurrency = v;
      return this;
    }

    public BackupSettings build() {
      return new BackupSettings(
          stateBucket,
          backupBucket,
          replicaBucket,
          backupKeyId,
          replicaBackupKeyId,
          backupSseKmsKeyId,
          restoreSseKmsKeyId,
          chunkBytes,
          partBytes,
          compression,
          listingDelay,
          monthlySeries,
          replicationWindow,
          replicationMaxWait,
          replicationPollInterval,
          replicationLookback,
          restoreBucket,
          drillRegion,
          drillScratchBucket,
          drillScratchRegion,
          drillScratchPrefix,
          concurrency);
    }
  }
}
