package dev.airlock.accounts.domain;

/**
 * Points inside a deletion where a test can stop it (as a crash or a Lambda timeout would), to
 * prove that a re-run completes it with exact counts. Production passes {@link DeletionHook#NONE}.
 */
public enum DeletionCheckpoint {
  /** The progress record was created (nothing else changed yet). */
  STARTED,
  /** The lookup records to delete are recorded, none deleted yet. */
  LOOKUPS_RECORDED,
  /** Step 1 is complete, not yet recorded (that rides on the next write). */
  WORK_STOPPED,
  /** A batch of versions was deleted, but not yet counted in the progress record. */
  BATCH_DELETED,
  /** Step 2 is complete and the key looked up, neither recorded yet. */
  STATE_PURGED,
  /** Every key copy is disabled; none is scheduled for deletion yet. */
  KEY_DISABLED,
  /** Step 3 is complete, not yet recorded: every copy is scheduled for deletion. */
  KEY_SHREDDED,
  /** The sweep after step 3 is complete and recorded. */
  SWEPT,
  /** The certificate is stored, not yet audited. */
  CERTIFICATE_STORED,
}
