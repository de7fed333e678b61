package dev.airlock.backup.domain;

/**
 * A snapshot run failed and left no manifest (so it is ignored; the previous snapshot stays the
 * latest complete one). {@link #reason()} is a short machine-readable code; the message never
 * carries object keys or contents.
 */
public final class SnapshotFailedException extends RuntimeException {
  private final String reason;

  public SnapshotFailedException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /**
   * {@code unknown-prefix}, {@code key-unavailable}, {@code key-service}, {@code store}, {@code io}
   * or {@code manifest-exists}.
   */
  public String reason() {
    return reason;
  }
}
