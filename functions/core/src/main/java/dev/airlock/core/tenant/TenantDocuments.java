package dev.airlock.core.tenant;

import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StoredObject;
import dev.airlock.core.state.WriteResult;
import java.util.Optional;

/**
 * An account's objects in the state store, sealed with {@link TenantVault}: what callers read and
 * write is plaintext, what the store (and every backup of it) holds is ciphertext under the
 * tenant's key. Conditional writes keep their meaning: {@link #create} never overwrites, {@link
 * #replace} only replaces the version the caller read.
 *
 * <p>Keys must lie under the account's own prefix ({@code tenants/<account>/}): a document of one
 * account can never be written where another account's data lives.
 */
public final class TenantDocuments {

  /** A decrypted document and the ETag of the version it came from (for {@link #replace}). */
  public record Doc(String key, byte[] plaintext, String etag) {}

  private final StateStore store;
  private final TenantVault vault;

  public TenantDocuments(StateStore store, TenantVault vault) {
    this.store = store;
    this.vault = vault;
  }

  /**
   * Reads and decrypts a document.
   *
   * @throws dev.airlock.core.crypto.KeyUnavailableException if the account was shredded
   * @throws dev.airlock.core.crypto.InvalidCiphertextException if the object was tampered with
   */
  public Optional<Doc> read(String accountId, String kind, String key) {
    requireOwnPrefix(accountId, key);
    Optional<StoredObject> o = store.get(key);
    return o.map(s -> new Doc(key, vault.open(accountId, kind, key, s.value()), s.etag()));
  }

  /** Creates the document only if absent ({@code If-None-Match: *}). */
  public WriteResult create(String accountId, String kind, String key, byte[] plaintext) {
    requireOwnPrefix(accountId, key);
    return store.createIfAbsent(
        key, vault.seal(accountId, kind, key, plaintext), EnvelopeCipher.METADATA);
  }

  /** Replaces the document only if it is still the version with {@code etag} ({@code If-Match}). */
  public WriteResult replace(
      String accountId, String kind, String key, byte[] plaintext, String etag) {
    requireOwnPrefix(accountId, key);
    return store.replaceIfMatch(
        key, vault.seal(accountId, kind, key, plaintext), etag, EnvelopeCipher.METADATA);
  }

  private static void requireOwnPrefix(String accountId, String key) {
    if (key == null || !key.startsWith(StateKeys.tenantPrefix(accountId)) || key.contains("/../")) {
      throw new IllegalArgumentException("key is outside the account's prefix");
    }
  }
}
