package dev.airlock.accounts.domain;

/**
 * The steps of an account deletion, in order. The progress record names the last step completed, so
 * a re-run starts with the next one. Every step is idempotent on its own as well: re-running a step
 * that was interrupted midway finishes it without counting anything twice.
 */
public enum DeletionStep {
  /** The progress record exists: the account is closed to new work from here on (tombstone). */
  STARTED,
  /** Step 1: the account's lookup records are gone, so nothing routes new work to it. */
  WORK_STOPPED,
  /** Step 2: every version of every object under the account's prefix is gone, in both regions. */
  STATE_PURGED,
  /** Step 3: every copy of the tenant key is disabled and scheduled for deletion. */
  KEY_SHREDDED,
  /** Objects written by in-flight work before the key was disabled are gone too. */
  SWEPT,
  /** Step 4: the certificate is stored and audited. */
  DONE;

  /** Whether this step comes at or after {@code other}. */
  public boolean reached(DeletionStep other) {
    return compareTo(other) >= 0;
  }
}
