package dev.airlock.analyze.port;

/**
 * Per-account salts for secret fingerprints: stable for an account (so findings of one secret
 * across runs share a fingerprint), unknown outside it (so a fingerprint cannot be confirmed by
 * hashing guesses without the salt), and shredded with the account.
 */
public interface FingerprintSalts {

  /**
   * The account's salt (created on first use; at least 32 bytes).
   *
   * @throws dev.airlock.core.crypto.KeyUnavailableException if the account's key is unavailable
   * @throws dev.airlock.core.state.StateStoreException for storage failures
   */
  byte[] saltFor(String accountId);
}
