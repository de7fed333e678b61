package dev.airlock.core.billing;

import dev.airlock.core.audit.CardDataGuard;
import dev.airlock.core.json.Json;
import dev.airlock.core.json.MalformedJsonException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.TenantDocuments;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An account's billing state, stored tenant-encrypted at {@link StateKeys#billing(String)}: an
 * allow-list of what billing decisions need, projected field by field from Stripe events — never a
 * copy of an event or object, so card details (number, last4, expiry, brand, billing details) have
 * no field to land in.
 *
 * <p>Fields: the format {@code version} ({@value #CURRENT_VERSION}), the Stripe customer id, and
 * <em>every</em> subscription of the account Airlock was told of ({@link BillingSubscription}: each
 * with the newest snapshot applied for it, or announced by id only), in subscription-id order so
 * that the same set of subscriptions is always the same document. A customer can hold several at
 * once (one {@code incomplete} for 23 hours while they subscribe again and pay; one set to cancel
 * at period end while they subscribe anew), so no subscription's state may stand for the account's.
 *
 * <p>Bounded: {@link #withSubscription} keeps at most {@value #MAX_SUBSCRIPTIONS} subscriptions by
 * dropping, when over, the ended ones with the oldest last event first, then the oldest
 * announced-only ones; a live subscription is never dropped (a document can exceed the bound only
 * with more than {@value #MAX_SUBSCRIPTIONS} live subscriptions, which Airlock's checkout never
 * creates).
 *
 * <p>Documents of version 1 (one subscription's fields at the top level) are still read: {@link
 * #fromJson} turns them into this form, and the next write stores it.
 *
 * <p>Self-validating: identifiers must look like Stripe ids ({@code [A-Za-z0-9_]}, at most 255), no
 * field may contain a card number, and no subscription may appear twice; a violation throws {@link
 * IllegalArgumentException} naming the field, never the value.
 */
@Serdeable
public record BillingDocument(
    int version, String customerId, List<BillingSubscription> subscriptions) {

  /** The {@code kind} of this document in the tenant vault's encryption context. */
  public static final String KIND = "billing";

  /** The format this build writes. */
  public static final int CURRENT_VERSION = 2;

  /** How many subscriptions a document keeps (live ones are never dropped). */
  public static final int MAX_SUBSCRIPTIONS = 16;

  private static final Pattern STRIPE_ID = Pattern.compile("[A-Za-z0-9_]{1,255}");

  /** Oldest first: the order in which ended (then announced) subscriptions are dropped. */
  private static final Comparator<BillingSubscription> EVICTION_ORDER =
      BillingSubscription.SNAPSHOT_ORDER.thenComparing(BillingSubscription::subscriptionId);

  public BillingDocument {
    if (version != CURRENT_VERSION) {
      throw new IllegalArgumentException("version is not supported");
    }
    requireId("customerId", customerId, true);
    if (subscriptions == null) {
      throw new IllegalArgumentException("subscriptions is required");
    }
    Set<String> seen = new HashSet<>();
    List<BillingSubscription> sorted = new ArrayList<>(subscriptions.size());
    for (BillingSubscription s : subscriptions) {
      if (s == null) {
        throw new IllegalArgumentException("subscriptions must not contain null");
      }
      if (!seen.add(s.subscriptionId())) {
        throw new IllegalArgumentException("subscriptions must not repeat a subscription");
      }
      sorted.add(s);
    }
    sorted.sort(Comparator.comparing(BillingSubscription::subscriptionId));
    subscriptions = List.copyOf(sorted);
  }

  /** A document of {@code customerId} with {@code subscriptions}. */
  public static BillingDocument of(String customerId, List<BillingSubscription> subscriptions) {
    return new BillingDocument(CURRENT_VERSION, customerId, subscriptions);
  }

  /** A document that only links the account to a customer (and maybe announces a subscription). */
  public static BillingDocument linked(String customerId, @Nullable String subscriptionId) {
    return of(
        customerId,
        subscriptionId == null
            ? List.of()
            : List.of(BillingSubscription.announced(subscriptionId)));
  }

  /** The subscription with id {@code subscriptionId}, if the document has it. */
  public Optional<BillingSubscription> subscription(String subscriptionId) {
    return subscriptions.stream()
        .filter(s -> s.subscriptionId().equals(subscriptionId))
        .findFirst();
  }

  /**
   * The subscription to show for the account (the demo, operators): the newest entitling one, else
   * the newest live one, else the newest by {@link BillingSubscription#SNAPSHOT_ORDER}. Decisions
   * never use it: entitlement and deletion look at every subscription.
   */
  public Optional<BillingSubscription> primary() {
    Comparator<BillingSubscription> newest = EVICTION_ORDER;
    return subscriptions.stream()
        .max(
            Comparator.comparing(BillingSubscription::entitles)
                .thenComparing(BillingSubscription::live)
                .thenComparing(newest));
  }

  /** Whether any subscription is {@code active} or {@code trialing}. */
  public boolean anyEntitling() {
    return subscriptions.stream().anyMatch(BillingSubscription::entitles);
  }

  /**
   * Whether the account may still be billed as far as Airlock knows: some subscription is live
   * (non-terminal) or announced without a snapshot yet. Deletion on cancel waits while this holds.
   */
  public boolean anyLiveOrAnnounced() {
    return subscriptions.stream().anyMatch(s -> s.live() || s.announcedOnly());
  }

  /** This document with another customer id. */
  public BillingDocument withCustomerId(String newCustomerId) {
    return new BillingDocument(version, newCustomerId, subscriptions);
  }

  /**
   * This document with {@code subscription} in place of the one with its id (or added), then
   * bounded to {@value #MAX_SUBSCRIPTIONS} as the class comment says. Which snapshot should win is
   * the caller's decision; this only replaces.
   */
  public BillingDocument withSubscription(BillingSubscription subscription) {
    List<BillingSubscription> next = new ArrayList<>(subscriptions.size() + 1);
    for (BillingSubscription s : subscriptions) {
      if (!s.subscriptionId().equals(subscription.subscriptionId())) {
        next.add(s);
      }
    }
    next.add(subscription);
    dropOldest(next, BillingSubscription::ended);
    dropOldest(next, BillingSubscription::announcedOnly);
    return new BillingDocument(version, customerId, next);
  }

  private static void dropOldest(
      List<BillingSubscription> list, java.util.function.Predicate<BillingSubscription> which) {
    while (list.size() > MAX_SUBSCRIPTIONS) {
      Optional<BillingSubscription> oldest = list.stream().filter(which).min(EVICTION_ORDER);
      if (oldest.isEmpty()) {
        return;
      }
      list.remove(oldest.get());
    }
  }

  /** UTF-8 JSON of the allow-listed fields. */
  public byte[] toJson() {
    return Json.write(this);
  }

  /**
   * Parses what {@link #toJson()} wrote, or a version 1 document (one subscription at the top
   * level), which becomes the same account state in this form: its subscription with its snapshot,
   * or announced only if no snapshot had been applied, or none.
   *
   * @throws MalformedJsonException if it is not a valid document of either version
   */
  public static BillingDocument fromJson(byte[] json) {
    Stored stored = Json.read(json, Stored.class);
    try {
      return stored.toDocument();
    } catch (IllegalArgumentException e) {
      // Our validation messages name the field, never the value.
      throw new MalformedJsonException("malformed BillingDocument: " + e.getMessage());
    }
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

  static void requireId(String field, String value, boolean required) {
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

  /**
   * What may be stored: version 2 ({@code version}, {@code customerId}, {@code subscriptions}) or
   * version 1 (no {@code version}; {@code customerId} and one subscription's fields at the top
   * level). Read only, never written.
   */
  @Serdeable
  record Stored(
      @Nullable Integer version,
      @Nullable String customerId,
      @Nullable List<BillingSubscription> subscriptions,
      @Nullable String subscriptionId,
      @Nullable String status,
      @Nullable String priceId,
      @Nullable Long quantity,
      @Nullable Long currentPeriodEnd,
      @Nullable Boolean cancelAtPeriodEnd,
      @Nullable String lastEventId,
      @Nullable Long lastEventCreated) {

    BillingDocument toDocument() {
      if (version != null) {
        if (subscriptionId != null || status != null || lastEventId != null) {
          throw new IllegalArgumentException("version 2 has no top-level subscription fields");
        }
        return new BillingDocument(
            version, customerId, subscriptions == null ? List.of() : subscriptions);
      }
      if (subscriptions != null) {
        throw new IllegalArgumentException("version is required");
      }
      // Version 1: at most one subscription, at the top level.
      if (subscriptionId == null) {
        if (status != null || lastEventId != null) {
          throw new IllegalArgumentException("subscriptionId is required");
        }
        return linked(customerId, null);
      }
      return of(
          customerId,
          List.of(
              new BillingSubscription(
                  subscriptionId,
                  status,
                  priceId,
                  quantity,
                  currentPeriodEnd,
                  Boolean.TRUE.equals(cancelAtPeriodEnd),
                  lastEventId,
                  lastEventCreated)));
    }
  }
}
