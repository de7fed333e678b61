package dev.airlock.backup.port;

/**
 * Tells whether a tenant's envelope-encrypted object (metadata {@code airlock-enc=envelope-v1}) can
 * still be decrypted, without keeping the plaintext. Restores copy tenant objects byte for byte;
 * this probe lets a verify or restore report how many of them belong to crypto-shredded accounts
 * (tenant key disabled or pending deletion) rather than counting them as corrupt.
 *
 * <p>Implementations never throw for the object's state; they classify it.
 */
public interface TenantProbe {

  /**
   * Classifies one stored object.
   *
   * @param objectKey the object's key in the state bucket (bound into its encryption context)
   * @param envelope the stored bytes
   */
  Decryptability probe(String objectKey, byte[] envelope);

  /** What a probe found. */
  enum Decryptability {
    /** The tenant key opened it. */
    READABLE,
    /** The tenant key is disabled or pending deletion: the account was crypto-shredded. */
    SHREDDED,
    /** Malformed, tampered with, or sealed for another key or context. */
    UNREADABLE,
    /** The key service could not be asked (outage, throttling, no permission). */
    UNKNOWN
  }
}
