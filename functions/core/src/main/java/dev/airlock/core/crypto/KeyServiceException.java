package dev.airlock.core.crypto;

/**
 * The key service could not be used for a reason other than the key's state or the ciphertext: an
 * outage, throttling, a network failure or missing permission. Unlike {@link
 * KeyUnavailableException} it says nothing about the data; retrying later may succeed. {@link
 * #reason()} is the service's error code (or the failure class), never key material.
 */
public class KeyServiceException extends RuntimeException {
  private final String reason;

  public KeyServiceException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The service's error code, e.g. {@code ThrottlingException}, or the failure class. */
  public String reason() {
    return reason;
  }
}
