package dev.airlock.core.crypto;

/** Ciphertext, wrapped key or encryption context failed authentication: tampering or a mix-up. */
public class InvalidCiphertextException extends RuntimeException {
  public InvalidCiphertextException(String message) {
    super(message);
  }

  public InvalidCiphertextException(String message, Throwable cause) {
    super(message, cause);
  }
}
