package dev.airlock.backup.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.nio.charset.StandardCharsets;

/**
 * A restore: snapshot {@code snapshot} ({@code latest} or an id) from {@code sourceRegion}'s backup
 * bucket into {@code targetBucket} (in {@code targetRegion}) under {@code targetPrefix}. Also the
 * payload of the restore Lambda.
 *
 * @param snapshot {@code latest} (default) or a snapshot id
 * @param sourceRegion {@code primary} (default) or {@code replica}
 * @param targetBucket the bucket to restore into, or null for the configured default
 * @param targetRegion {@code primary} (default) or {@code replica}: where the target bucket is
 * @param targetPrefix prefix for every restored key: empty (restore into an empty bucket's root) or
 *     a relative path ending in {@code /}; the prefix must hold no objects yet
 * @param probeTenants whether to classify tenant objects as readable or shredded
 */
@Serdeable
public record RestoreRequest(
    @Nullable String snapshot,
    @Nullable String sourceRegion,
    @Nullable String targetBucket,
    @Nullable String targetRegion,
    String targetPrefix,
    boolean probeTenants) {

  static final int MAX_PREFIX_BYTES = 512;

  public RestoreRequest {
    snapshot = snapshot == null || snapshot.isBlank() ? "latest" : snapshot.trim();
    if (!"latest".equalsIgnoreCase(snapshot) && !SnapshotId.isValid(snapshot)) {
      throw new IllegalArgumentException("snapshot must be 'latest' or a snapshot id");
    }
    BackupRegion.parse(sourceRegion);
    BackupRegion.parse(targetRegion);
    if (targetBucket != null && targetBucket.isBlank()) {
      targetBucket = null;
    }
    requirePrefix(targetPrefix);
  }

  /** Validates a restore or scratch prefix. */
  static String requirePrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("target prefix is required (may be empty)");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    if (!prefix.endsWith("/")
        || prefix.startsWith("/")
        || prefix.contains("//")
        || ("/" + prefix).contains("/../")
        || ("/" + prefix).contains("/./")
        || prefix.getBytes(StandardCharsets.UTF_8).length > MAX_PREFIX_BYTES
        || prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException(
          "target prefix must be empty or a relative path ending in '/'");
    }
    return prefix;
  }

  public BackupRegion source() {
    return BackupRegion.parse(sourceRegion);
  }

  public BackupRegion target() {
    return BackupRegion.parse(targetRegion);
  }
}
