package dev.airlock.core.billing;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Comparator;
import java.util.Optional;

/**
 * One Stripe subscription of an account, as the newest snapshot applied for it: its id, status
 * ({@link SubscriptionStatus#wireName()}), price (or plan) id, quantity, current period end (epoch
 * seconds), cancel-at-period-end, and the id and {@code created} time (epoch seconds) of the event
 * that snapshot came from (its order watermark).
 *
 * <p>A subscription can also be <em>announced</em> without a snapshot: a completed checkout or an
 * invoice names a subscription whose own events have not arrived yet. It then has an id and nothing
 * else ({@link #announcedOnly()}): it entitles to nothing, but it blocks deletion on cancel,
 * because a subscription the account is told of may well be the one the customer pays for.
 *
 * <p>Self-validating: identifiers must look like Stripe ids and carry no card number, the status
 * must be known, and status, event id and event time are all present or all absent; a violation
 * throws {@link IllegalArgumentException} naming the field, never the value.
 */
@Serdeable
public record BillingSubscription(
    String subscriptionId,
    @Nullable String status,
    @Nullable String priceId,
    @Nullable Long quantity,
    @Nullable Long currentPeriodEnd,
    boolean cancelAtPeriodEnd,
    @Nullable String lastEventId,
    @Nullable Long lastEventCreated) {

  /**
   * The total order of snapshots of one subscription: event {@code created}, then the status's
   * lifecycle {@linkplain SubscriptionStatus#rank() rank} ({@code created} has one-second
   * resolution), then the event id. An announced subscription (no snapshot) comes before any.
   */
  public static final Comparator<BillingSubscription> SNAPSHOT_ORDER =
      Comparator.comparing(BillingSubscription::announcedOnly, Comparator.reverseOrder())
          .thenComparing(s -> s.lastEventCreated == null ? Long.MIN_VALUE : s.lastEventCreated)
          .thenComparingInt(s -> s.subscriptionStatus().map(SubscriptionStatus::rank).orElse(-1))
          .thenComparing(s -> s.lastEventId == null ? "" : s.lastEventId);

  public BillingSubscription {
    BillingDocument.requireId("subscriptionId", subscriptionId, true);
    BillingDocument.requireId("priceId", priceId, false);
    BillingDocument.requireId("lastEventId", lastEventId, false);
    if (status != null && SubscriptionStatus.fromWire(status).isEmpty()) {
      throw new IllegalArgumentException("status is not a known subscription status");
    }
    if (quantity != null && quantity < 0) {
      throw new IllegalArgumentException("quantity must not be negative");
    }
    if ((status == null) != (lastEventId == null)
        || (lastEventId == null) != (lastEventCreated == null)) {
      throw new IllegalArgumentException("status, lastEventId and lastEventCreated go together");
    }
  }

  /** A subscription known by its id only (named by a checkout or an invoice). */
  public static BillingSubscription announced(String subscriptionId) {
    return new BillingSubscription(subscriptionId, null, null, null, null, false, null, null);
  }

  /** The status, or empty while the subscription is only announced. */
  public Optional<SubscriptionStatus> subscriptionStatus() {
    return SubscriptionStatus.fromWire(status);
  }

  /** Known by id only: no snapshot of it has been applied. */
  public boolean announcedOnly() {
    return status == null;
  }

  /**
   * Stripe may still bill it or make it active: a snapshot with a non-terminal status ({@code
   * incomplete}, {@code trialing}, {@code active}, {@code past_due}, {@code unpaid}, {@code
   * paused}). Announced subscriptions are not live (nothing is known of them), ended ones never
   * are.
   */
  public boolean live() {
    return subscriptionStatus().map(s -> !s.isTerminal()).orElse(false);
  }

  /** Ended for good ({@code canceled}, {@code incomplete_expired}): Stripe never revives it. */
  public boolean ended() {
    return subscriptionStatus().map(SubscriptionStatus::isTerminal).orElse(false);
  }

  /**
   * Whether this subscription alone allows private analyses ({@code active} or {@code trialing}).
   */
  public boolean entitles() {
    return subscriptionStatus()
        .map(s -> s == SubscriptionStatus.ACTIVE || s == SubscriptionStatus.TRIALING)
        .orElse(false);
  }
}
