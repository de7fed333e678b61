package dev.airlock.core.billing;

import dev.airlock.core.audit.CardDataGuard;
import dev.airlock.core.json.Json;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.TenantDocuments;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An account's billing state, stored tenant-encrypted at {@link StateKeys#billing(String)}: an
 * allow-list of what billing decisions need, projected field by field from Stripe events — never a
 * copy of an event or object, so card details (number, last4, expiry, brand, billing details) have
 * no field to land in.
 *
 * <p>Fields: the Stripe customer id, the subscription id, its status ({@link
 * SubscriptionStatus#wireName()}), the price (or plan) id, quantity, current period end (epoch
 * seconds), cancel-at-period-end, and the id and {@code created} time (epoch seconds) of the last
 * subscription event applied (the order watermark; null until one was applied).
 *
 * <p>Self-validating: identifiers must look like Stripe ids ({@code [A-Za-z0-9_]}, at most 255) and
 * no field may contain a card number; a violation throws {@link IllegalArgumentException} naming
 * the field, never the value.
 */
@Serdeable
public record BillingDocument(
    String customerId,
    @Nullable String subscriptionId,
    @Nullable String status,
    @Nullable String priceId,
    @Nullable Long quantity,
    @Nullable Long currentPeriodEnd,
    boolean cancelAtPeriodEnd,
    @Nullable String lastEventId,
    @Nullable Long lastEventCreated) {

  /** The {@code kind} of this document in the tenant vault's encryption context. */
  public static final String KIND = "billing";

  private static final Pattern STRIPE_ID = Pattern.compile("[A-Za-z0-9_]{1,255}");

  public BillingDocument {
    requireId("customerId", customerId, true);
    requireId("subscriptionId", subscriptionId, false);
    requireId("priceId", priceId, false);
    requireId("lastEventId", lastEventId, false);
    if (status != null && SubscriptionStatus.fromWire(status).isEmpty()) {
      throw new IllegalArgumentException("status is not a known subscription status");
    }
    if (quantity != null && quantity < 0) {
      throw new IllegalArgumentException("quantity must not be negative");
    }
    if ((lastEventId == null) != (lastEventCreated == null)) {
      throw new IllegalArgumentException("lastEventId and lastEventCreated go together");
    }
  }

  /** A document that only links the account to a customer (and maybe a subscription). */
  public static BillingDocument linked(String customerId, @Nullable String subscriptionId) {
    return new BillingDocument(
        customerId, subscriptionId, null, null, null, null, false, null, null);
  }

  /** The subscription status, if any was applied. */
  public Optional<SubscriptionStatus> subscriptionStatus() {
    return SubscriptionStatus.fromWire(status);
  }

  /** This document with another customer id. */
  public BillingDocument withCustomerId(String newCustomerId) {
    return new BillingDocument(
        newCustomerId,
        subscriptionId,
        status,
        priceId,
        quantity,
        currentPeriodEnd,
        cancelAtPeriodEnd,
        lastEventId,
        lastEventCreated);
  }

  /** This document with another subscription id. */
  public BillingDocument withSubscriptionId(@Nullable String newSubscriptionId) {
    return new BillingDocument(
        customerId,
        newSubscriptionId,
        status,
        priceId,
        quantity,
        currentPeriodEnd,
        cancelAtPeriodEnd,
        lastEventId,
        lastEventCreated);
  }

  /** UTF-8 JSON of the allow-listed fields. */
  public byte[] toJson() {
    return Json.write(this);
  }

  /**
   * Parses what {@link #toJson()} wrote.
   *
   * @throws dev.airlock.core.json.MalformedJsonException if it is not a valid document
   */
  public static BillingDocument fromJson(byte[] json) {
    return Json.read(json, BillingDocument.class);
  }

  /**
   * Reads and decrypts an account's billing document — what the functions that check {@link
   * Entitlement} call.
   *
   * @throws dev.airlock.core.crypto.KeyUnavailableException if the account was crypto-shredded
   * @throws dev.airlock.core.crypto.InvalidCiphertextException if the object was tampered with
   */
  public static Optional<BillingDocument> read(TenantDocuments documents, String accountId) {
    return documents
        .read(accountId, KIND, StateKeys.billing(accountId))
        .map(d -> fromJson(d.plaintext()));
  }

  private static void requireId(String field, String value, boolean required) {
    if (value == null) {
      if (required) {
        throw new IllegalArgumentException(field + " is required");
      }
      return;
    }
    if (!STRIPE_ID.matcher(value).matches() || CardDataGuard.containsCardNumber(value)) {
      throw new IllegalArgumentException(field + " is not a valid identifier");
    }
  }
}
