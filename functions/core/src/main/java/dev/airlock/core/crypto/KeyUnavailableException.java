package dev.airlock.core.crypto;

/**
 * The master key cannot be used: disabled, pending deletion or not found. For a tenant key this is
 * the crypto-shredded state: the data is gone by design, not by accident.
 */
public class KeyUnavailableException extends RuntimeException {
  private final String reason;

  public KeyUnavailableException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * The service's error code, e.g. {@code DisabledException} or {@code KMSInvalidStateException}.
   */
  public String reason() {
    return reason;
  }
}
