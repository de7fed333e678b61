package dev.airlock.analyze.port;

import dev.airlock.analyze.domain.RunRecord;
import java.util.Optional;

/**
 * The account's run records and SARIF results, sealed under the account's own key (so deleting the
 * account shreds them) and written with conditional requests only.
 *
 * <p>Implementations throw {@link dev.airlock.core.crypto.KeyUnavailableException} if the account's
 * key is disabled or pending deletion, and {@link dev.airlock.core.state.StateStoreException} for
 * storage failures. A lost race is a normal result, never an exception.
 */
public interface ResultStore {

  /** A run record and the version it was read at. */
  record StoredRun(RunRecord record, String etag) {}

  /** Reads the run record at {@code key}, if any. */
  Optional<StoredRun> findRun(String accountId, String key);

  /**
   * Creates the run record only if none exists.
   *
   * @return the new version's ETag, or empty if another writer created it first
   */
  Optional<String> createRun(String accountId, String key, RunRecord record);

  /**
   * Replaces the run record only if it is still at {@code etag}.
   *
   * @return the new version's ETag, or empty if it changed in between
   */
  Optional<String> replaceRun(String accountId, String key, RunRecord record, String etag);

  /**
   * Stores a SARIF result at {@code key} unless one is already there (an earlier attempt stored the
   * same commit's result; results are never overwritten).
   *
   * @return whether this call wrote it
   */
  boolean storeResult(String accountId, String key, byte[] sarif);

  /** Reads a stored SARIF result (decrypted). */
  Optional<byte[]> readResult(String accountId, String key);
}
