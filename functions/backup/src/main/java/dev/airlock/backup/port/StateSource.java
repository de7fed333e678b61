package dev.airlock.backup.port;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The state bucket as the snapshot reads it: every object version and delete marker, and the bytes
 * of one version.
 *
 * <p>Failures of the store (throttling, network, permissions) are {@link BackupStoreException}s;
 * the snapshot then fails as a whole.
 */
public interface StateSource {

  /** The bucket's name, for manifests and reports. */
  String bucket();

  /**
   * Every version and delete marker, grouped by key in the store's key order, each key's entries
   * newest first (ties: the current one first). Lazy: pages are fetched as the iterator advances.
   */
  Iterator<StateVersion> versions();

  /**
   * Opens one version's bytes.
   *
   * @return empty if that version no longer exists (deleted since it was listed, e.g. by an account
   *     deletion)
   */
  Optional<StateObject> open(String key, String versionId);

  /**
   * One version or delete marker of a key.
   *
   * @param key the object key
   * @param versionId the version id
   * @param lastModified when the store recorded it
   * @param size bytes (0 for a delete marker)
   * @param latest whether it is the key's current entry
   * @param deleteMarker whether it is a delete marker
   */
  record StateVersion(
      String key,
      String versionId,
      Instant lastModified,
      long size,
      boolean latest,
      boolean deleteMarker) {
    public StateVersion {
      if (key == null || versionId == null || lastModified == null) {
        throw new IllegalArgumentException("a state version needs key, version id and time");
      }
    }
  }

  /** An open version: its bytes and what the store says about them. Close it. */
  record StateObject(
      InputStream content, long length, String contentType, Map<String, String> metadata)
      implements Closeable {
    @Override
    public void close() throws IOException {
      content.close();
    }
  }
}
