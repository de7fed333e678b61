package dev.airlock.core.crypto;

import java.util.Map;

/**
 * Issues and unwraps AES-256 data keys under a master key (KMS in AWS and locally). The encryption
 * context is bound to the wrapped key: unwrapping with a different context fails.
 *
 * <p>Failures are typed so callers can tell a shredded tenant (key disabled or pending deletion)
 * from tampering or an outage: see {@link KeyUnavailableException} and {@link
 * InvalidCiphertextException}.
 */
public interface DataKeyProvider {

  /**
   * Generates a fresh 256-bit data key under {@code keyId} (an id, ARN or alias).
   *
   * @throws KeyUnavailableException if the master key is disabled, pending deletion or missing
   */
  DataKey generate(String keyId, Map<String, String> encryptionContext);

  /**
   * Unwraps a data key. The caller must zero the returned array after use.
   *
   * @throws KeyUnavailableException if the master key is disabled, pending deletion or missing
   * @throws InvalidCiphertextException if the wrapped key or context does not authenticate
   */
  byte[] unwrap(byte[] wrappedKey, Map<String, String> encryptionContext);

  /**
   * Unwraps a data key that {@code keyId} is expected to have wrapped. Providers that can pin the
   * master key (KMS {@code Decrypt} with {@code KeyId}) must fail if another key wrapped it; the
   * default ignores the key id and relies on the wrapped form alone.
   *
   * @throws KeyUnavailableException if the master key is disabled, pending deletion or missing
   * @throws InvalidCiphertextException if the wrapped key or context does not authenticate, or
   *     another master key wrapped it
   */
  default byte[] unwrap(String keyId, byte[] wrappedKey, Map<String, String> encryptionContext) {
    return unwrap(wrappedKey, encryptionContext);
  }

  /**
   * A generated data key: plaintext (zero it after use), the wrapped form to store, and the ARN or
   * id of the master key that wrapped it.
   */
  record DataKey(byte[] plaintext, byte[] wrapped, String keyId) {}
}
