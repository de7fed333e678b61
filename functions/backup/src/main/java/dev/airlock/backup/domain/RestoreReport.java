package dev.airlock.backup.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The result of a restore. A restore reads the snapshot once, writing objects as their bytes
 * authenticate, and is {@code restored} only once the whole snapshot verified. If anything fails
 * (the data or the store), {@code objectsRestored} is 0 and every version written under the prefix
 * is removed again ({@code cleanedUp} true; false if nothing had been written, or if the removal
 * itself failed: then the prefix may hold a partial restore, never reported as restored).
 *
 * @param outcome {@code restored} or {@code failed}
 * @param snapshotId the snapshot, or null if none was found
 * @param sourceRegion {@code primary} or {@code replica}
 * @param targetBucket where it was restored
 * @param targetRegion the target bucket's region
 * @param targetPrefix the key prefix of every restored object
 * @param failure a machine-readable failure, or null
 * @param failedChunk the 0-based chunk that failed, or null
 * @param message a human-readable reason, or null on success
 * @param objectsRestored objects written
 * @param bytesRestored their bytes
 * @param cleanedUp whether what a failed restore had written was removed
 * @param tenants tenant objects and, when probed, how many belong to shredded accounts
 */
@Serdeable
public record RestoreReport(
    String outcome,
    @Nullable String snapshotId,
    String sourceRegion,
    String targetBucket,
    String targetRegion,
    String targetPrefix,
    @Nullable String failure,
    @Nullable Long failedChunk,
    @Nullable String message,
    long objectsRestored,
    long bytesRestored,
    boolean cleanedUp,
    TenantSummary tenants) {

  public static final String RESTORED = "restored";
  public static final String FAILED = "failed";

  public boolean succeeded() {
    return RESTORED.equals(outcome);
  }
}
