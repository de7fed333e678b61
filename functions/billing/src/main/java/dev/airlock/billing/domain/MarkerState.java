package dev.airlock.billing.domain;

/**
 * Where the processing of one Stripe event stands, as recorded in its marker. A delivery that finds
 * a {@linkplain #isFinal() final} state answers "duplicate" and changes nothing; one that finds
 * {@link #RECEIVED} (an earlier delivery crashed, or is still running) or {@link #UNRESOLVED} (it
 * could not be routed then) processes the event again, which is safe because applying an event is
 * idempotent (the billing document remembers the last event it applied).
 */
public enum MarkerState {
  /** Claimed; not (yet) applied. */
  RECEIVED(false),
  /** Applied to the account's billing state. */
  APPLIED(true),
  /** Seen and ignored: older than the stored state. */
  STALE(true),
  /** Seen and deliberately ignored (e.g. no account reference, customer of another account). */
  IGNORED(true),
  /**
   * Could not be routed (unknown customer, tenant key unavailable); a resend is processed again.
   */
  UNRESOLVED(false);

  private final boolean isFinal;

  MarkerState(boolean isFinal) {
    this.isFinal = isFinal;
  }

  /** Whether a later delivery of the same event is a duplicate. */
  public boolean isFinal() {
    return isFinal;
  }
}
