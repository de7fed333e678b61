package dev.airlock.backup.domain;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The result of one backup run: the new snapshot's manifest and the replica check.
 *
 * @param outcome {@code succeeded} (a snapshot was written; see {@code replication} for its copy)
 * @param manifest the snapshot's manifest
 * @param objectsVanished state versions deleted between listing and reading (not in the snapshot)
 * @param replication the replica check of this and recent snapshots
 */
@Serdeable
public record BackupReport(
    String outcome, Manifest manifest, long objectsVanished, ReplicationReport replication) {
  public static final String SUCCEEDED = "succeeded";
}
