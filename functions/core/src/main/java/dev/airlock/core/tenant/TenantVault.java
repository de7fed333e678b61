package dev.airlock.core.tenant;

import dev.airlock.core.crypto.DataKeyProvider;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.state.StateKeys;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Seals and opens an account's data with envelope encryption under the account's own key. The
 * encryption context binds account, object kind and object key, so a sealed value cannot be
 * replayed as another account's, another kind or at another key.
 *
 * <p>Failures: {@link dev.airlock.core.crypto.KeyUnavailableException} when the account's key is
 * disabled or pending deletion (the data is crypto-shredded — callers report it as such, never as
 * corruption); {@link dev.airlock.core.crypto.InvalidCiphertextException} for tampering or a
 * mismatched context.
 */
public final class TenantVault {
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9\\-]{0,40}");

  private final EnvelopeCipher cipher;
  private final TenantKeys tenantKeys;

  public TenantVault(DataKeyProvider dataKeys, TenantKeys tenantKeys) {
    this.cipher = new EnvelopeCipher(dataKeys);
    this.tenantKeys = tenantKeys;
  }

  /** The encryption context of an account's object. */
  public static Map<String, String> context(String accountId, String kind, String objectKey) {
    if (kind == null || !KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("object kind is invalid");
    }
    if (objectKey == null || objectKey.isEmpty() || objectKey.length() > 1024) {
      throw new IllegalArgumentException("object key is invalid");
    }
    return Map.of(
        "airlock:account", StateKeys.account(accountId),
        "airlock:kind", kind,
        "airlock:key", objectKey);
  }

  /** Encrypts {@code plaintext} under the account's key (created on first need). */
  public byte[] seal(String accountId, String kind, String objectKey, byte[] plaintext) {
    Map<String, String> ctx = context(accountId, kind, objectKey);
    return cipher.encrypt(tenantKeys.ensureKey(accountId), ctx, plaintext);
  }

  /** Decrypts what {@link #seal} produced for the same account, kind and key. */
  public byte[] open(String accountId, String kind, String objectKey, byte[] sealed) {
    return cipher.decrypt(sealed, context(accountId, kind, objectKey));
  }
}
