package dev.airlock.backup.port;

/**
 * A storage operation failed for a reason unrelated to the data: throttling, network, permissions,
 * a missing bucket. The message names the operation and the store's error code, never contents.
 */
public class BackupStoreException extends RuntimeException {
  public BackupStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
