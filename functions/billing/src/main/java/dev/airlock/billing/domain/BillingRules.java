package dev.airlock.billing.domain;

import dev.airlock.billing.domain.StripeEvent.CheckoutCompletion;
import dev.airlock.billing.domain.StripeEvent.SubscriptionSnapshot;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.billing.SubscriptionStatus;
import java.util.Optional;

/**
 * How events change an account's billing document — pure functions, so that the read-modify-write
 * can re-run them after a lost race and a redelivery can re-run them after a crash.
 *
 * <p><b>Order.</b> Stripe does not deliver events in order, and every subscription event carries a
 * full snapshot of the subscription, so the document keeps the snapshot of the <em>newest</em>
 * event seen and ignores older ones. "Newer" is a total order over (event {@code created}, status
 * {@linkplain SubscriptionStatus#rank() rank}, event id): {@code created} has one-second
 * resolution, the lifecycle rank orders same-second snapshots of one subscription ({@code
 * incomplete} before {@code active} before {@code canceled}), and the event id makes the rest
 * deterministic. Because the order is total and the stored state is its maximum, any delivery order
 * ends in the same state as in-order delivery. In addition, a {@linkplain
 * SubscriptionStatus#isTerminal() terminal} snapshot of a subscription is never replaced by a
 * non-terminal snapshot of the same subscription: Stripe never revives a canceled subscription.
 *
 * <p>A snapshot of another subscription than the stored one (the customer subscribed again)
 * replaces it by the same order, except that the end of another subscription ({@code canceled},
 * {@code incomplete_expired}) never replaces a live one: a customer can hold two at once (a
 * subscription whose first payment failed stays {@code incomplete} for 23 hours while they
 * subscribe again; one set to cancel at period end runs on after they subscribed anew), and the
 * later end of the old one says nothing of the one the account lives on. Taking it would drop the
 * account's entitlement and, for an account set to delete on cancel, delete the account.
 */
public final class BillingRules {
  private BillingRules() {}

  /**
   * The document after a subscription event, or empty if the event changes nothing (it is older
   * than the stored state, or it is the event already applied).
   */
  public static Optional<BillingDocument> applySubscription(
      Optional<BillingDocument> current,
      String eventId,
      long eventCreated,
      SubscriptionSnapshot s) {
    BillingDocument next =
        new BillingDocument(
            s.customer(),
            s.subscriptionId(),
            s.status().wireName(),
            s.priceId(),
            s.quantity(),
            s.currentPeriodEnd(),
            s.cancelAtPeriodEnd(),
            eventId,
            eventCreated);
    if (current.isEmpty()) {
      return Optional.of(next);
    }
    BillingDocument stored = current.get();
    if (stored.lastEventId() == null) {
      // Only a checkout link so far: the first snapshot fills it in.
      return Optional.of(next);
    }
    if (stored.lastEventId().equals(eventId)) {
      return Optional.empty();
    }
    SubscriptionStatus storedStatus = stored.subscriptionStatus().orElse(null);
    boolean sameSubscription = s.subscriptionId().equals(stored.subscriptionId());
    if (sameSubscription
        && storedStatus != null
        && storedStatus.isTerminal()
        && !s.status().isTerminal()) {
      return Optional.empty();
    }
    if (!sameSubscription
        && s.status().isTerminal()
        && storedStatus != null
        && !storedStatus.isTerminal()) {
      return Optional.empty();
    }
    return isNewer(eventCreated, s.status(), eventId, stored)
        ? Optional.of(next)
        : Optional.empty();
  }

  /**
   * Whether an event ({@code created}, snapshot status, id) comes after the one the stored document
   * was built from, in the total order described above.
   */
  static boolean isNewer(
      long created, SubscriptionStatus status, String eventId, BillingDocument stored) {
    long storedCreated = stored.lastEventCreated();
    if (created != storedCreated) {
      return created > storedCreated;
    }
    int storedRank = stored.subscriptionStatus().map(SubscriptionStatus::rank).orElse(-1);
    if (status.rank() != storedRank) {
      return status.rank() > storedRank;
    }
    return eventId.compareTo(stored.lastEventId()) > 0;
  }

  /**
   * The document after a completed checkout for this account: it records the customer (and the
   * subscription, if the document has none yet) and never touches the subscription state, which
   * only subscription events carry. Empty if nothing changes.
   */
  public static Optional<BillingDocument> applyCheckout(
      Optional<BillingDocument> current, CheckoutCompletion c) {
    if (current.isEmpty()) {
      return Optional.of(BillingDocument.linked(c.customer(), c.subscriptionId()));
    }
    BillingDocument stored = current.get();
    BillingDocument next = stored;
    if (!c.customer().equals(stored.customerId())) {
      next = next.withCustomerId(c.customer());
    }
    if (stored.subscriptionId() == null && c.subscriptionId() != null) {
      next = next.withSubscriptionId(c.subscriptionId());
    }
    return next.equals(stored) ? Optional.empty() : Optional.of(next);
  }
}
