package dev.airlock.backup.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The result of verifying one snapshot end to end (every chunk's tag, order and final mark, every
 * entry's digest, and the manifest's counts and digests).
 *
 * @param outcome {@code verified} or {@code failed}
 * @param snapshotId the snapshot, or null if none was found
 * @param region {@code primary} or {@code replica}
 * @param bucket the backup bucket read
 * @param failure a machine-readable failure ({@code chunk-authentication}, {@code truncated}, ...;
 *     see {@code ArchiveIntegrityException.Failure}, plus {@code not-found}, {@code key-service},
 *     {@code store}) or null
 * @param failedChunk the 0-based chunk that failed, or null
 * @param message a human-readable reason, or null on success
 * @param objectCount objects read
 * @param contentBytes their bytes
 * @param chunks chunks authenticated
 * @param tenants tenant objects and, when probed, whether they can still be decrypted
 */
@Serdeable
public record VerifyReport(
    String outcome,
    @Nullable String snapshotId,
    String region,
    String bucket,
    @Nullable String failure,
    @Nullable Long failedChunk,
    @Nullable String message,
    long objectCount,
    long contentBytes,
    long chunks,
    TenantSummary tenants) {

  public static final String VERIFIED = "verified";
  public static final String FAILED = "failed";

  public boolean succeeded() {
    return VERIFIED.equals(outcome);
  }
}
