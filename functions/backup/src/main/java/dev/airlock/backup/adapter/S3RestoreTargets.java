package dev.airlock.backup.adapter;

import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.port.RestoreTarget;
import dev.airlock.backup.port.RestoreTargets;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link RestoreTargets} on the S3 clients of the two regions. */
public final class S3RestoreTargets implements RestoreTargets {
  private final S3Client primary;
  private final S3Client replica;
  private final String sseKmsKeyId;

  /**
   * @param replica the replica region's client, or null if not configured
   * @param sseKmsKeyId SSE-KMS key for restored objects in the primary region, or null for the
   *     bucket default (the replica region always uses its bucket default: keys are regional)
   */
  public S3RestoreTargets(S3Client primary, S3Client replica, String sseKmsKeyId) {
    this.primary = primary;
    this.replica = replica;
    this.sseKmsKeyId = sseKmsKeyId;
  }

  @Override
  public RestoreTarget target(String bucket, BackupRegion region) {
    if (region == BackupRegion.REPLICA) {
      if (replica == null) {
        throw new IllegalArgumentException("the replica region is not configured");
      }
      return new S3RestoreTarget(replica, bucket, null);
    }
    return new S3RestoreTarget(primary, bucket, sseKmsKeyId);
  }
}
