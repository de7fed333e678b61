package dev.airlock.analyzers.secrets;

/**
 * Turns a secret into a stable, non-reversible fingerprint: a keyed hash, so that the same secret
 * found again (in another commit) gets the same fingerprint while the fingerprint reveals nothing
 * and cannot be brute-forced without the key.
 */
@FunctionalInterface
public interface Fingerprinter {

  /** Lower-case hex fingerprint of {@code secret}. Never returns or logs the secret. */
  String fingerprint(String secret);
}
