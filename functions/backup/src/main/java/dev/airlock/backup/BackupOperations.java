package dev.airlock.backup;

import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.BackupReport;
import dev.airlock.backup.domain.BackupService;
import dev.airlock.backup.domain.DrillReport;
import dev.airlock.backup.domain.ReplicationReport;
import dev.airlock.backup.domain.ReplicationVerifier;
import dev.airlock.backup.domain.RestoreDrill;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import dev.airlock.backup.domain.RestoreService;
import dev.airlock.backup.domain.SnapshotCatalog;
import dev.airlock.backup.domain.SnapshotRef;
import dev.airlock.backup.domain.VerifyReport;
import dev.airlock.backup.port.SnapshotStore;
import java.util.List;
import java.util.Map;

/**
 * The backup function's operations as a plain Java API: what the Lambda handlers and the local CLI
 * ({@code backup}, {@code verify}, {@code restore}) call. Build one with {@code
 * dev.airlock.backup.config.BackupAssembly} (no framework needed) or inject it (Micronaut).
 *
 * <p>Every report is a {@code @Serdeable} record that serializes to JSON with {@code
 * dev.airlock.core.json.Json}. {@link #backup()} throws when the snapshot fails (so a scheduled run
 * fails visibly); the other operations report failure in their result ({@code outcome}) and never
 * throw for bad data.
 */
public final class BackupOperations {
  private final BackupService backups;
  private final RestoreService restores;
  private final ReplicationVerifier replication;
  private final RestoreDrill drill;
  private final SnapshotCatalog catalog;
  private final Map<BackupRegion, SnapshotStore> stores;

  /**
   * @param backups the snapshot service, or null where snapshots are not configured (the drill
   *     function has no state bucket)
   */
  public BackupOperations(
      BackupService backups,
      RestoreService restores,
      ReplicationVerifier replication,
      RestoreDrill drill,
      SnapshotCatalog catalog,
      Map<BackupRegion, SnapshotStore> stores) {
    this.backups = backups;
    this.restores = restores;
    this.replication = replication;
    this.drill = drill;
    this.catalog = catalog;
    this.stores = Map.copyOf(stores);
  }

  /**
   * Takes a snapshot now and checks its replica ({@code backup}).
   *
   * @throws dev.airlock.backup.domain.SnapshotFailedException if the snapshot failed; no manifest
   *     was written and the previous snapshot stays the latest complete one
   */
  public BackupReport backup() {
    if (backups == null) {
      throw new IllegalStateException(
          "snapshots are not configured: a state bucket and a backup key are required");
    }
    return backups.run();
  }

  /** Verifies a snapshot ({@code latest} or an id) end to end in a region, without restoring. */
  public VerifyReport verify(String snapshot, BackupRegion region) {
    return restores.verify(snapshot, region, false);
  }

  /**
   * Like {@link #verify(String, BackupRegion)}, and classifies tenant objects as readable or
   * shredded (needs permission to use tenant keys in that region).
   */
  public VerifyReport verify(String snapshot, BackupRegion region, boolean probeTenants) {
    return restores.verify(snapshot, region, probeTenants);
  }

  /** Verifies, then restores into the request's (empty) target prefix. */
  public RestoreReport restore(RestoreRequest request) {
    return restores.restore(request);
  }

  /** Runs the restore drill against the configured drill region. */
  public DrillReport drill() {
    return drill.run();
  }

  /** Checks one snapshot's replica ({@code latest} or an id). */
  public ReplicationReport checkReplication(String snapshot) {
    return replication.checkOne(snapshot);
  }

  /** Snapshot ids with a manifest in a region, newest first (complete or not). */
  public List<String> snapshots(BackupRegion region) {
    SnapshotStore store = stores.get(region);
    if (store == null) {
      throw new IllegalArgumentException("the " + region.wireName() + " region is not configured");
    }
    return catalog.list(store).stream().map(SnapshotRef::id).toList();
  }
}
