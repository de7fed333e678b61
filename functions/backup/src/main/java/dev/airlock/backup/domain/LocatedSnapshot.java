package dev.airlock.backup.domain;

import dev.airlock.backup.port.SnapshotStore;
import dev.airlock.backup.port.SnapshotStore.ObjectFacts;

/**
 * A snapshot found in one region's bucket: its parsed manifest, the manifest's exact bytes (for
 * replica comparison) and what the store says about its archive (size and the version to read, so
 * that every pass over it reads the same bytes).
 */
public record LocatedSnapshot(
    SnapshotStore store, Manifest manifest, byte[] manifestBytes, ObjectFacts archive) {

  public SnapshotRef ref() {
    return manifest.ref();
  }
}
