package dev.airlock.backup.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One backup object's replica, as the verifier found it.
 *
 * @param snapshotId the snapshot the object belongs to
 * @param object {@code manifest} or {@code archive}
 * @param status {@code replicated}, {@code pending} (not there yet, still within the replication
 *     time window), {@code late} (there and identical, but it arrived after the window), {@code
 *     missing} (not there after the window), {@code different} (there, but not the same bytes),
 *     {@code failed} (S3 reports the replication failed) or {@code unverified} (the check could not
 *     be made)
 * @param detail how it was compared or why it failed, or null
 */
@Serdeable
public record ReplicaCheck(
    String snapshotId, String object, String status, @Nullable String detail) {

  public static final String REPLICATED = "replicated";
  public static final String PENDING = "pending";
  public static final String LATE = "late";
  public static final String MISSING = "missing";
  public static final String DIFFERENT = "different";
  public static final String FAILED = "failed";
  public static final String UNVERIFIED = "unverified";

  /** Whether this status raises the replication alarm. */
  public boolean alarming() {
    return MISSING.equals(status)
        || DIFFERENT.equals(status)
        || LATE.equals(status)
        || FAILED.equals(status)
        || UNVERIFIED.equals(status);
  }
}
