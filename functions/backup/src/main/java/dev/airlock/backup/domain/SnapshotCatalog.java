package dev.airlock.backup.domain;

import dev.airlock.backup.domain.archive.ArchiveIntegrityException;
import dev.airlock.backup.domain.archive.ArchiveIntegrityException.Failure;
import dev.airlock.backup.port.SnapshotStore;
import dev.airlock.backup.port.SnapshotStore.ObjectFacts;
import dev.airlock.core.json.Json;
import dev.airlock.core.json.MalformedJsonException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds snapshots in a backup bucket. A snapshot is complete when its manifest exists, parses and
 * names its own location, and its archive is present; anything else (a crashed run, a replica still
 * catching up) is not "latest". Whether the archive is intact is for {@link SnapshotReader} to say,
 * chunk by chunk.
 */
public final class SnapshotCatalog {

  /** Every snapshot with a manifest object, newest first. */
  public List<SnapshotRef> list(SnapshotStore store) {
    List<SnapshotRef> refs = new ArrayList<>(store.listManifests());
    refs.sort(Comparator.reverseOrder());
    return refs;
  }

  /** The newest complete snapshot, if any. */
  public Optional<LocatedSnapshot> latestComplete(SnapshotStore store) {
    return latestComplete(store, list(store));
  }

  /**
   * The newest complete snapshot among {@code refs} (a {@link #list} of {@code store} the caller
   * already made, newest first), if any: for a caller that needs the listing for something else
   * too, so the bucket is listed once.
   */
  public Optional<LocatedSnapshot> latestComplete(SnapshotStore store, List<SnapshotRef> refs) {
    for (SnapshotRef ref : refs) {
      try {
        return Optional.of(locate(store, ref));
      } catch (ArchiveIntegrityException | SnapshotNotFoundException incomplete) {
        // A run that crashed after its manifest? Impossible by construction, but a replica may
        // hold a manifest before its archive arrives: look further back.
      }
    }
    return Optional.empty();
  }

  /**
   * Finds {@code idOrLatest} ({@code latest} or a snapshot id) in {@code store}.
   *
   * @throws SnapshotNotFoundException if there is no such (complete) snapshot
   * @throws ArchiveIntegrityException if its manifest is malformed or its archive is missing
   */
  public LocatedSnapshot resolve(SnapshotStore store, String idOrLatest) {
    if (idOrLatest == null || idOrLatest.isBlank() || "latest".equalsIgnoreCase(idOrLatest)) {
      return latest(store);
    }
    if (!SnapshotId.isValid(idOrLatest)) {
      throw new IllegalArgumentException("snapshot must be 'latest' or a snapshot id");
    }
    for (SnapshotRef ref : list(store)) {
      if (ref.id().equals(idOrLatest)) {
        return locate(store, ref);
      }
    }
    throw new SnapshotNotFoundException(
        "snapshot " + idOrLatest + " not found in the " + store.region().wireName() + " region");
  }

  /**
   * The newest snapshot, for verify, restore and the drill. Unlike {@link #latestComplete} (the
   * backup's "previous"), it skips only a snapshot whose archive is not there (yet: a replica may
   * hold a manifest before its archive arrives) and refuses when the newest manifest is malformed
   * or names another snapshot: a manifest is written last, whole, so that is never a crashed run
   * but someone's change, typically an older snapshot copied over the newest names (a rollback);
   * quietly restoring the snapshot before it would complete the rollback.
   */
  private LocatedSnapshot latest(SnapshotStore store) {
    for (SnapshotRef ref : list(store)) {
      try {
        return locate(store, ref);
      } catch (SnapshotNotFoundException vanished) {
        // deleted since the listing: the next one is the newest
      } catch (ArchiveIntegrityException e) {
        if (e.failure() != Failure.ARCHIVE_MISSING) {
          throw new ArchiveIntegrityException(
              e.failure(),
              "the newest snapshot "
                  + ref.id()
                  + " does not read as itself ("
                  + e.getMessage()
                  + "); 'latest' does not fall back to an older snapshot: name one by its id");
        }
      }
    }
    throw new SnapshotNotFoundException(
        "no complete snapshot in the " + store.region().wireName() + " region");
  }

  /**
   * The snapshot at {@code ref} (from a {@link #list} of {@code store}): its manifest read, parsed
   * and checked against its location, and its archive's facts.
   *
   * @throws SnapshotNotFoundException if the manifest vanished since the listing
   * @throws ArchiveIntegrityException if its manifest is malformed or its archive is missing
   */
  public LocatedSnapshot locate(SnapshotStore store, SnapshotRef ref) {
    byte[] bytes =
        store
            .readManifest(ref)
            .orElseThrow(() -> new SnapshotNotFoundException("manifest vanished"));
    Manifest manifest;
    try {
      manifest = Json.read(bytes, Manifest.class);
    } catch (MalformedJsonException e) {
      throw new ArchiveIntegrityException(Failure.MANIFEST_MALFORMED, "manifest is malformed");
    }
    if (!manifest.ref().equals(ref)) {
      throw new ArchiveIntegrityException(
          Failure.MANIFEST_MALFORMED, "manifest names another snapshot than its location");
    }
    Optional<ObjectFacts> archive = store.describe(ref.archiveKey());
    if (archive.isEmpty()) {
      throw new ArchiveIntegrityException(Failure.ARCHIVE_MISSING, "snapshot archive is missing");
    }
    return new LocatedSnapshot(store, manifest, bytes, archive.get());
  }
}
