package dev.airlock.billing.domain;

import dev.airlock.billing.domain.StripeEvent.CheckoutCompletion;
import dev.airlock.billing.domain.StripeEvent.InvoiceNotice;
import dev.airlock.billing.domain.StripeEvent.SubscriptionSnapshot;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.billing.BillingSubscription;
import java.util.Optional;

/**
 * How events change an account's billing document — pure functions, so that the read-modify-write
 * can re-run them after a lost race and a redelivery can re-run them after a crash.
 *
 * <p><b>Every subscription on its own.</b> A customer can hold several subscriptions at once (one
 * {@code incomplete} for 23 hours while they subscribe again and pay; one set to cancel at period
 * end while they subscribe anew), and the events of one say nothing of another. So the document
 * keeps each subscription separately ({@link BillingDocument}), and an event only ever changes the
 * subscription it is about. The end of one can therefore never hide another one that is live,
 * whatever the delivery order.
 *
 * <p><b>Order, per subscription.</b> Stripe does not deliver events in order, and every
 * subscription event carries a full snapshot, so each subscription keeps the snapshot of its
 * <em>newest</em> event ({@link BillingSubscription#SNAPSHOT_ORDER}: event {@code created}, status
 * {@linkplain dev.airlock.core.billing.SubscriptionStatus#rank() rank}, event id) and ignores older
 * ones. Because that order is total and each subscription's state is its maximum, any delivery
 * order ends in the same document as in-order delivery. In addition, a {@linkplain
 * BillingSubscription#ended() terminal} snapshot of a subscription is never replaced by a
 * non-terminal one of the same subscription: Stripe never revives a canceled subscription.
 *
 * <p><b>Announcements.</b> A completed checkout or an invoice that names a subscription the
 * document does not have adds it by id only ({@link BillingSubscription#announced}); its first
 * snapshot fills it in. Announced subscriptions entitle to nothing but hold off deletion on cancel.
 */
public final class BillingRules {
  private BillingRules() {}

  /**
   * The document after a subscription event, or empty if the event changes nothing (it is older
   * than the subscription's stored snapshot, it is the event already applied, or the document is at
   * its bound and this ended subscription is the one dropped).
   */
  public static Optional<BillingDocument> applySubscription(
      Optional<BillingDocument> current,
      String eventId,
      long eventCreated,
      SubscriptionSnapshot s) {
    BillingSubscription next =
        new BillingSubscription(
            s.subscriptionId(),
            s.status().wireName(),
            s.priceId(),
            s.quantity(),
            s.currentPeriodEnd(),
            s.cancelAtPeriodEnd(),
            eventId,
            eventCreated);
    BillingDocument stored = current.orElseGet(() -> BillingDocument.linked(s.customer(), null));
    Optional<BillingSubscription> existing = stored.subscription(s.subscriptionId());
    if (existing.isPresent() && !existing.get().announcedOnly()) {
      BillingSubscription before = existing.get();
      if (eventId.equals(before.lastEventId())) {
        return Optional.empty();
      }
      if (before.ended() && !next.ended()) {
        return Optional.empty();
      }
      if (BillingSubscription.SNAPSHOT_ORDER.compare(next, before) <= 0) {
        return Optional.empty();
      }
    }
    BillingDocument after = stored.withSubscription(next);
    return current.isPresent() && after.equals(stored) ? Optional.empty() : Optional.of(after);
  }

  /**
   * The document after a completed checkout for this account: it records the customer and announces
   * the checkout's subscription if the document does not have it; it never touches a subscription's
   * state, which only subscription events carry. Empty if nothing changes.
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
    next = announce(next, c.subscriptionId());
    return next.equals(stored) ? Optional.empty() : Optional.of(next);
  }

  /**
   * The document after an invoice: it announces the invoice's subscription if the document does not
   * have it (an invoice of a new subscription can arrive before that subscription's own events),
   * and changes nothing else. Empty if nothing changes or the invoice names no customer for a new
   * document.
   */
  public static Optional<BillingDocument> applyInvoice(
      Optional<BillingDocument> current, InvoiceNotice invoice) {
    if (invoice.subscriptionId() == null) {
      return Optional.empty();
    }
    if (current.isEmpty()) {
      return invoice.customerId().map(c -> BillingDocument.linked(c, invoice.subscriptionId()));
    }
    BillingDocument next = announce(current.get(), invoice.subscriptionId());
    return next.equals(current.get()) ? Optional.empty() : Optional.of(next);
  }

  private static BillingDocument announce(BillingDocument doc, String subscriptionId) {
    if (subscriptionId == null || doc.subscription(subscriptionId).isPresent()) {
      return doc;
    }
    return doc.withSubscription(BillingSubscription.announced(subscriptionId));
  }
}
