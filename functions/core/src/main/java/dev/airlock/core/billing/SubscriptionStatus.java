package dev.airlock.core.billing;

import java.util.Optional;

/**
 * The statuses of a Stripe subscription, by their wire names. {@link #rank()} orders statuses along
 * Stripe's lifecycle (incomplete → trialing → active → past_due → unpaid → paused →
 * canceled/incomplete_expired) so that two snapshots of one subscription stamped with the same
 * second can still be ordered; {@link #isTerminal()} marks the statuses a subscription never
 * leaves.
 */
public enum SubscriptionStatus {
  INCOMPLETE("incomplete", 0, false),
  TRIALING("trialing", 1, false),
  ACTIVE("active", 2, false),
  PAST_DUE("past_due", 3, false),
  UNPAID("unpaid", 4, false),
  PAUSED("paused", 5, false),
  CANCELED("canceled", 6, true),
  INCOMPLETE_EXPIRED("incomplete_expired", 6, true);

  private final String wireName;
  private final int rank;
  private final boolean terminal;

  SubscriptionStatus(String wireName, int rank, boolean terminal) {
    this.wireName = wireName;
    this.rank = rank;
    this.terminal = terminal;
  }

  /** The name Stripe uses ({@code past_due}). */
  public String wireName() {
    return wireName;
  }

  /** Position in the lifecycle; only meaningful to break a tie between same-second snapshots. */
  public int rank() {
    return rank;
  }

  /**
   * Whether Stripe never moves a subscription out of this status (a new one is created instead).
   */
  public boolean isTerminal() {
    return terminal;
  }

  /** The status with wire name {@code name}, or empty for null or an unknown name. */
  public static Optional<SubscriptionStatus> fromWire(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (SubscriptionStatus s : values()) {
      if (s.wireName.equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
