package dev.airlock.backup.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The result of a restore drill: the latest snapshot of a region verified, restored into a scratch
 * prefix ({@code scratch} mode) or streamed through without writing ({@code in-memory} mode), each
 * restored object compared with the digest the snapshot recorded from the source, then the scratch
 * prefix removed.
 *
 * @param outcome {@code passed} or {@code failed}
 * @param snapshotId the snapshot drilled, or null if none was found
 * @param region {@code primary} or {@code replica}
 * @param mode {@code scratch} or {@code in-memory}
 * @param scratchBucket the scratch bucket, or null in memory
 * @param scratchPrefix the scratch prefix, or null in memory
 * @param objectsCompared objects compared with the snapshot's record of the source
 * @param mismatched objects whose restored bytes differ from that record
 * @param missing objects that were not found after restoring
 * @param extra objects found under the scratch prefix beyond the snapshot's
 * @param cleanedUp whether the scratch prefix was emptied afterwards
 * @param failure a machine-readable failure, or null
 * @param failedChunk the 0-based chunk that failed, or null
 * @param message a human-readable reason, or null on success
 */
@Serdeable
public record DrillReport(
    String outcome,
    @Nullable String snapshotId,
    String region,
    String mode,
    @Nullable String scratchBucket,
    @Nullable String scratchPrefix,
    long objectsCompared,
    long mismatched,
    long missing,
    long extra,
    boolean cleanedUp,
    @Nullable String failure,
    @Nullable Long failedChunk,
    @Nullable String message) {

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";

  public boolean succeeded() {
    return PASSED.equals(outcome);
  }
}
