package dev.airlock.backup.domain;

/** No complete snapshot matches the request (none yet, or no such id in that region). */
public final class SnapshotNotFoundException extends RuntimeException {
  public SnapshotNotFoundException(String message) {
    super(message);
  }
}
