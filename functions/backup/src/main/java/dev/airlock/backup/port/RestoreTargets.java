package dev.airlock.backup.port;

import dev.airlock.backup.domain.BackupRegion;

/** Opens a restore target: a bucket in one of the two regions. */
public interface RestoreTargets {

  /**
   * The target bucket in {@code region}.
   *
   * @throws IllegalArgumentException if that region is not configured
   */
  RestoreTarget target(String bucket, BackupRegion region);
}
