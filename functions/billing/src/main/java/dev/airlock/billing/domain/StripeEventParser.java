package dev.airlock.billing.domain;

import dev.airlock.billing.domain.StripeEvent.CheckoutCompletion;
import dev.airlock.billing.domain.StripeEvent.EventObject;
import dev.airlock.billing.domain.StripeEvent.InvoiceNotice;
import dev.airlock.billing.domain.StripeEvent.SubscriptionSnapshot;
import dev.airlock.core.audit.CardDataGuard;
import dev.airlock.core.billing.SubscriptionStatus;
import dev.airlock.core.json.Json;
import dev.airlock.core.json.MalformedJsonException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a verified event body by projection: the envelope's {@code id}, {@code type}, {@code
 * created} and {@code livemode}, and, only for handled types, the named fields of {@code
 * data.object} that billing needs. Nothing else is copied out of the parsed tree, which is dropped
 * with the request.
 *
 * <p>Accepts both shapes of the API versions in use: a subscription's period end at the top level
 * (before 2025-03-31) or on its first item (after); an invoice's subscription at the top level or
 * under {@code parent.subscription_details}; an expandable field as an id or as an object with an
 * {@code id}. One subscription item per subscription is assumed (Airlock sells one price); the
 * first item's price and quantity are taken.
 *
 * <p>A v2 "thin" event ({@code object: "v2.core.event"}, ISO-8601 {@code created}, no {@code data})
 * is read as an envelope only: no type billing handles comes that way, so it is ignored.
 *
 * <p>Every identifier must be a plain Stripe-style token ({@code [A-Za-z0-9_]}, at most 255) with
 * no card number in it, because identifiers become object keys, audit ids and document fields.
 * Violations throw {@link MalformedEventException} naming the field.
 */
public final class StripeEventParser {

  /** Subscription events: their object is a subscription snapshot. */
  public static final Set<String> SUBSCRIPTION_TYPES =
      Set.of(
          "customer.subscription.created",
          "customer.subscription.updated",
          "customer.subscription.deleted",
          "customer.subscription.trial_will_end");

  /** Links the customer to the account named by {@code client_reference_id}. */
  public static final String CHECKOUT_COMPLETED = "checkout.session.completed";

  /** Invoice events: routed and recorded; status changes arrive as subscription events. */
  public static final Set<String> INVOICE_TYPES =
      Set.of("invoice.paid", "invoice.payment_failed", "invoice.payment_action_required");

  /** The metadata key Airlock sets on the subscriptions it creates through Checkout. */
  public static final String ACCOUNT_METADATA_KEY = "airlock_account_id";

  private static final Pattern STRIPE_ID = Pattern.compile("[A-Za-z0-9_]{1,255}");
  private static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9_]+(?:\\.[a-z0-9_]+){0,5}");
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9][a-z0-9\\-]{0,62}");

  /** Whether events of {@code type} change or route billing state. */
  public static boolean isHandled(String type) {
    return SUBSCRIPTION_TYPES.contains(type)
        || CHECKOUT_COMPLETED.equals(type)
        || INVOICE_TYPES.contains(type);
  }

  /**
   * @param payload the verified body
   * @throws MalformedEventException if it is not a readable event
   */
  public StripeEvent parse(String payload) {
    Map<String, Object> root;
    try {
      root = asMap(Json.read(payload, Map.class));
    } catch (MalformedJsonException e) {
      throw new MalformedEventException("malformed-json");
    }
    boolean thin = isThinEvent(root.get("object"));
    if (root.containsKey("object") && !"event".equals(root.get("object")) && !thin) {
      throw invalid("object");
    }
    String id = id(root, "id", "id", true);
    String type = string(root, "type", "type", true);
    if (type.length() > 100
        || !EVENT_TYPE.matcher(type).matches()
        || CardDataGuard.containsCardNumber(type)) {
      throw invalid("type");
    }
    boolean livemode = livemode(root);
    if (thin) {
      // A v2 "thin" event (event destinations): no data.object, nothing billing handles.
      return new StripeEvent(id, type, isoSeconds(root.get("created")), livemode, Optional.empty());
    }
    long created = number(root, "created", "created", true);
    if (created <= 0) {
      throw invalid("created");
    }
    if (!isHandled(type)) {
      return new StripeEvent(id, type, created, livemode, Optional.empty());
    }
    Map<String, Object> data = map(root, "data", "data", true);
    Map<String, Object> object = map(data, "object", "data.object", true);
    EventObject projection;
    if (SUBSCRIPTION_TYPES.contains(type)) {
      projection = subscription(object);
    } else if (CHECKOUT_COMPLETED.equals(type)) {
      projection = checkout(object);
    } else {
      projection = invoice(object);
    }
    return new StripeEvent(id, type, created, livemode, Optional.of(projection));
  }

  /**
   * The envelope's {@code livemode}. Every event Stripe sends has it (v1 and v2 alike, and every
   * fixture of Stripe's own), so an event without it, or with anything but a boolean, is refused
   * rather than guessed: guessing either way could apply a test event to a live account.
   */
  private static boolean livemode(Map<String, Object> root) {
    Object v = root.get("livemode");
    if (v == null) {
      throw new MalformedEventException("missing-field:livemode");
    }
    if (!(v instanceof Boolean b)) {
      throw invalid("livemode");
    }
    return b;
  }

  private static SubscriptionSnapshot subscription(Map<String, Object> o) {
    requireObjectType(o, "subscription");
    String subscriptionId = id(o, "id", "data.object.id", true);
    String customer = expandableId(o, "customer", "data.object.customer", true);
    String statusName = string(o, "status", "data.object.status", true);
    SubscriptionStatus status =
        SubscriptionStatus.fromWire(statusName).orElseThrow(() -> invalid("data.object.status"));
    Map<String, Object> item = firstItem(o);
    String priceId = null;
    Long quantity = null;
    Long periodEnd = optionalNumber(o, "current_period_end", "data.object.current_period_end");
    if (item != null) {
      Map<String, Object> price = map(item, "price", "data.object.items.data.price", false);
      if (price != null) {
        priceId = id(price, "id", "data.object.items.data.price.id", false);
      }
      quantity = optionalNumber(item, "quantity", "data.object.items.data.quantity");
      if (periodEnd == null) {
        periodEnd =
            optionalNumber(item, "current_period_end", "data.object.items.data.current_period_end");
      }
    }
    if (priceId == null) {
      Map<String, Object> plan = map(o, "plan", "data.object.plan", false);
      if (plan != null) {
        priceId = id(plan, "id", "data.object.plan.id", false);
      }
    }
    if (quantity == null) {
      quantity = optionalNumber(o, "quantity", "data.object.quantity");
    }
    if (quantity != null && quantity < 0) {
      throw invalid("data.object.quantity");
    }
    Object cancel = o.get("cancel_at_period_end");
    if (cancel != null && !(cancel instanceof Boolean)) {
      throw invalid("data.object.cancel_at_period_end");
    }
    return new SubscriptionSnapshot(
        subscriptionId,
        customer,
        status,
        priceId,
        quantity,
        periodEnd,
        Boolean.TRUE.equals(cancel),
        accountHint(map(o, "metadata", "data.object.metadata", false)));
  }

  private static CheckoutCompletion checkout(Map<String, Object> o) {
    requireObjectType(o, "checkout.session");
    return new CheckoutCompletion(
        id(o, "id", "data.object.id", true),
        expandableId(o, "customer", "data.object.customer", false),
        account(o.get("client_reference_id")),
        expandableId(o, "subscription", "data.object.subscription", false));
  }

  private static InvoiceNotice invoice(Map<String, Object> o) {
    requireObjectType(o, "invoice");
    String subscription = expandableId(o, "subscription", "data.object.subscription", false);
    Map<String, Object> details =
        map(o, "subscription_details", "data.object.subscription_details", false);
    Map<String, Object> parent = map(o, "parent", "data.object.parent", false);
    if (details == null && parent != null) {
      details =
          map(parent, "subscription_details", "data.object.parent.subscription_details", false);
    }
    if (subscription == null && details != null) {
      subscription =
          expandableId(
              details,
              "subscription",
              "data.object.parent.subscription_details.subscription",
              false);
    }
    String hint =
        details == null
            ? null
            : accountHint(
                map(details, "metadata", "data.object.subscription_details.metadata", false));
    return new InvoiceNotice(
        id(o, "id", "data.object.id", true),
        expandableId(o, "customer", "data.object.customer", false),
        subscription,
        hint);
  }

  /** {@code v2.core.event} and the like: Stripe's v2 event objects. */
  private static boolean isThinEvent(Object object) {
    return object instanceof String s && s.startsWith("v2.") && s.length() <= 100;
  }

  /** A v2 event's {@code created}: an ISO-8601 instant, as epoch seconds. */
  private static long isoSeconds(Object created) {
    if (!(created instanceof String s) || s.length() > 40) {
      throw invalid("created");
    }
    try {
      long seconds = java.time.Instant.parse(s).getEpochSecond();
      if (seconds <= 0) {
        throw invalid("created");
      }
      return seconds;
    } catch (java.time.format.DateTimeParseException e) {
      throw invalid("created");
    }
  }

  private static Map<String, Object> firstItem(Map<String, Object> o) {
    Map<String, Object> items = map(o, "items", "data.object.items", false);
    if (items == null) {
      return null;
    }
    Object data = items.get("data");
    if (data == null) {
      return null;
    }
    if (!(data instanceof List<?> list)) {
      throw invalid("data.object.items.data");
    }
    if (list.isEmpty()) {
      return null;
    }
    if (!(list.get(0) instanceof Map<?, ?>)) {
      throw invalid("data.object.items.data");
    }
    return asMap(list.get(0));
  }

  /** An account id from metadata or a client reference; anything else counts as absent. */
  private static String accountHint(Map<String, Object> metadata) {
    return metadata == null ? null : account(metadata.get(ACCOUNT_METADATA_KEY));
  }

  private static String account(Object value) {
    if (value instanceof String s
        && ACCOUNT.matcher(s).matches()
        && !CardDataGuard.containsCardNumber(s)) {
      return s;
    }
    return null;
  }

  private static void requireObjectType(Map<String, Object> o, String expected) {
    if (!expected.equals(o.get("object"))) {
      throw invalid("data.object.object");
    }
  }

  private static String id(Map<String, Object> m, String key, String path, boolean required) {
    String s = string(m, key, path, required);
    if (s == null) {
      return null;
    }
    if (!STRIPE_ID.matcher(s).matches() || CardDataGuard.containsCardNumber(s)) {
      throw invalid(path);
    }
    return s;
  }

  /** An expandable field: an id, or an expanded object whose {@code id} is taken. */
  private static String expandableId(
      Map<String, Object> m, String key, String path, boolean required) {
    Object v = m.get(key);
    if (v instanceof Map<?, ?> expanded) {
      return id(asMap(expanded), "id", path + ".id", required);
    }
    return id(m, key, path, required);
  }

  private static String string(Map<String, Object> m, String key, String path, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        throw new MalformedEventException("missing-field:" + path);
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw invalid(path);
    }
    return s;
  }

  private static long number(Map<String, Object> m, String key, String path, boolean required) {
    Long n = optionalNumber(m, key, path);
    if (n == null) {
      throw new MalformedEventException("missing-field:" + path);
    }
    return n;
  }

  private static Long optionalNumber(Map<String, Object> m, String key, String path) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw invalid(path);
  }

  private static Map<String, Object> map(
      Map<String, Object> m, String key, String path, boolean required) {
    Object v = m.get(key);
    if (v == null) {
      if (required) {
        throw new MalformedEventException("missing-field:" + path);
      }
      return null;
    }
    if (!(v instanceof Map<?, ?>)) {
      throw invalid(path);
    }
    return asMap(v);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    if (!(o instanceof Map<?, ?>)) {
      throw new MalformedEventException("malformed-json");
    }
    return (Map<String, Object>) o;
  }

  private static MalformedEventException invalid(String path) {
    return new MalformedEventException("invalid-field:" + path);
  }
}
