package dev.airlock.billing.domain;

import java.util.Optional;

/**
 * The parts of a Stripe event this function reads: envelope identifiers and, for handled types, a
 * projection of {@code data.object} with named fields only. Card-bearing objects (payment methods,
 * charges) are never projected: their types are not handled, so nothing beyond the envelope is read
 * from them.
 *
 * @param id the event id ({@code evt_...}), validated as a safe identifier
 * @param type the event type ({@code customer.subscription.updated})
 * @param created the event's creation time, epoch seconds
 * @param livemode Stripe's {@code livemode}: true for a live-mode event, false for a test-mode one
 * @param object the projection, or empty for an unhandled type
 */
public record StripeEvent(
    String id, String type, long created, boolean livemode, Optional<EventObject> object) {

  public StripeEvent {
    if (id == null || type == null || object == null) {
      throw new IllegalArgumentException("event id, type and object are required");
    }
  }

  /** A projection of an event's {@code data.object}. */
  public sealed interface EventObject
      permits SubscriptionSnapshot, CheckoutCompletion, InvoiceNotice {
    /** The Stripe customer the object belongs to, if it names one. */
    Optional<String> customerId();
  }

  /**
   * A subscription as of the event ({@code customer.subscription.*}).
   *
   * @param accountHint {@code metadata.airlock_account_id}, set when Airlock created the checkout
   *     session; routes the event before {@code checkout.session.completed} has linked the customer
   */
  public record SubscriptionSnapshot(
      String subscriptionId,
      String customer,
      dev.airlock.core.billing.SubscriptionStatus status,
      String priceId,
      Long quantity,
      Long currentPeriodEnd,
      boolean cancelAtPeriodEnd,
      String accountHint)
      implements EventObject {
    @Override
    public Optional<String> customerId() {
      return Optional.of(customer);
    }
  }

  /**
   * A completed Checkout Session: {@code client_reference_id} is the Airlock account the session
   * was created for.
   */
  public record CheckoutCompletion(
      String sessionId, String customer, String accountReference, String subscriptionId)
      implements EventObject {
    @Override
    public Optional<String> customerId() {
      return Optional.ofNullable(customer);
    }
  }

  /** An invoice notice ({@code invoice.paid|payment_failed|payment_action_required}). */
  public record InvoiceNotice(
      String invoiceId, String customer, String subscriptionId, String accountHint)
      implements EventObject {
    @Override
    public Optional<String> customerId() {
      return Optional.ofNullable(customer);
    }
  }
}
