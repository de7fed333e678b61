package dev.airlock.core.state;

/**
 * A read-modify-write lost the race on every attempt: the object kept changing between read and
 * conditional write. Nothing of this update was written; retrying later is safe.
 */
public class ConcurrentUpdateException extends StateStoreException {
  public ConcurrentUpdateException(String key, int attempts) {
    super("gave up updating " + key + " after " + attempts + " conflicting attempts");
  }
}
