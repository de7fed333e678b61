package dev.airlock.core.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Airlock's only persistence: objects in one state bucket, written with conditional requests so
 * that idempotency and optimistic concurrency need no database. No method ever overwrites blindly.
 *
 * <p>Keys are plain object keys ({@code tenants/<account>/results/...}); values are opaque bytes
 * (callers encrypt tenant data before it gets here). Implementations throw {@link
 * StateStoreException} for transport or service failures; a lost race is a normal result, never an
 * exception.
 */
public interface StateStore {

  /** Reads the current version of {@code key}, or empty if absent. */
  Optional<StoredObject> get(String key);

  /**
   * Creates {@code key} only if it does not exist ({@code If-None-Match: *}).
   *
   * @return {@link WriteResult.Written} with the new ETag, or {@link WriteResult.Conflict} if the
   *     key already exists
   */
  WriteResult createIfAbsent(String key, byte[] value, Map<String, String> metadata);

  /**
   * Replaces {@code key} only if its current ETag equals {@code expectedEtag} ({@code If-Match}).
   *
   * @return {@link WriteResult.Written}, or {@link WriteResult.Conflict} if the object changed or
   *     is gone
   */
  WriteResult replaceIfMatch(
      String key, byte[] value, String expectedEtag, Map<String, String> metadata);

  /** Lists current keys under {@code prefix}, in key order. */
  List<String> list(String prefix);

  /**
   * Deletes every version of {@code key} (so nothing of it remains in a versioned bucket).
   *
   * @return how many versions (including delete markers) were removed
   */
  int deleteAllVersions(String key);
}
