package dev.airlock.billing;

import dev.airlock.core.json.Json;
import dev.airlock.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stripe events built from the real objects in {@code ../shared/fixtures/stripe/objects/} (see its
 * PROVENANCE.md), wrapped in event envelopes, and the API Gateway HTTP API (payload 2.0) events
 * that carry them. The one place that knows how {@code events/billing/*.json} are made: {@code
 * EventFilesTest} recomputes every file (and its signature) from here.
 */
public final class StripeEvents {
  private StripeEvents() {}

  /** The documented TEST signing secret. Clearly fake; never a real Stripe secret. */
  public static final String TEST_SECRET = "whsec_test_airlock_events_not_a_real_secret";

  /** When the checked-in events are signed ({@code t=}): 2026-01-01T00:00:00Z. */
  public static final long SIGNED_AT = 1_767_225_600L;

  /** stripe-java 33.3.0's pinned API version (ApiVersion.CURRENT). */
  public static final String API_VERSION = "2026-07-29.dahlia";

  /** The Airlock account the checked-in checkout session is for. */
  public static final String ACCOUNT = "acme";

  /** The customer and subscription of the fixtures. */
  public static final String CUSTOMER = "cus_QXg1o8vcGmoR32";

  public static final String SUBSCRIPTION = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw";

  /**
   * One checked-in event: file, fixture object, event type, id, created, and the fields of the
   * object overridden (documented in events/billing/README.md) to give it the state its type
   * implies.
   */
  public record Spec(
      String file,
      String fixture,
      String type,
      String eventId,
      long created,
      Map<String, Object> overrides) {

    public Path path() {
      return eventsDir().resolve(file);
    }

    /** The event body, exactly as signed. */
    public String payload() {
      return StripeEvents.payload(this);
    }
  }

  public static final List<Spec> SPECS =
      List.of(
          new Spec(
              "checkout-session-completed.json",
              "checkout_session.json",
              "checkout.session.completed",
              "evt_1AirlockCheckoutCompleted",
              1_767_225_000L,
              ordered(
                  "client_reference_id",
                  ACCOUNT,
                  "customer",
                  CUSTOMER,
                  "mode",
                  "subscription",
                  "payment_status",
                  "paid",
                  "status",
                  "complete",
                  "subscription",
                  SUBSCRIPTION)),
          new Spec(
              "customer-subscription-created.json",
              "subscription.json",
              "customer.subscription.created",
              "evt_1AirlockSubscriptionCreated",
              1_767_225_000L,
              ordered("status", "incomplete", "cancel_at_period_end", false)),
          new Spec(
              "customer-subscription-updated.json",
              "subscription.json",
              "customer.subscription.updated",
              "evt_1AirlockSubscriptionUpdated",
              1_767_225_100L,
              ordered()),
          new Spec(
              "customer-subscription-trial-will-end.json",
              "subscription.json",
              "customer.subscription.trial_will_end",
              "evt_1AirlockSubscriptionTrialEnds",
              1_767_225_050L,
              ordered("status", "trialing", "cancel_at_period_end", false)),
          new Spec(
              "customer-subscription-deleted.json",
              "subscription.json",
              "customer.subscription.deleted",
              "evt_1AirlockSubscriptionDeleted",
              1_767_225_200L,
              ordered("status", "canceled")),
          new Spec(
              "invoice-paid.json",
              "invoice.json",
              "invoice.paid",
              "evt_1AirlockInvoicePaid",
              1_767_225_010L,
              ordered("status", "paid", "subscription", SUBSCRIPTION)),
          new Spec(
              "invoice-payment-failed.json",
              "invoice.json",
              "invoice.payment_failed",
              "evt_1AirlockInvoicePaymentFailed",
              1_767_225_020L,
              ordered("status", "open", "subscription", SUBSCRIPTION)),
          new Spec(
              "invoice-payment-action-required.json",
              "invoice.json",
              "invoice.payment_action_required",
              "evt_1AirlockInvoiceActionRequired",
              1_767_225_030L,
              ordered("status", "open", "subscription", SUBSCRIPTION)),
          new Spec(
              "payment-method-attached.json",
              "payment_method.json",
              "payment_method.attached",
              "evt_1AirlockPaymentMethodAttached",
              1_767_225_040L,
              ordered("customer", CUSTOMER)),
          new Spec(
              "charge-succeeded.json",
              "charge.json",
              "charge.succeeded",
              "evt_1AirlockChargeSucceeded",
              1_767_225_045L,
              ordered("customer", CUSTOMER)));

  public static Spec spec(String file) {
    return SPECS.stream()
        .filter(s -> s.file().equals(file))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(file));
  }

  /** {@code events/billing/} in the repository. */
  public static Path eventsDir() {
    String root = System.getProperty("airlock.repo.root");
    if (root == null) {
      throw new IllegalStateException("system property airlock.repo.root is not set");
    }
    return Path.of(root, "events", "billing");
  }

  /** A fixture object as an ordered map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String fixture) {
    return new LinkedHashMap<>(
        (Map<String, Object>) Json.read(Fixtures.bytes("stripe/objects/" + fixture), Map.class));
  }

  /** The event envelope around {@code object}, as Stripe sends it. */
  public static Map<String, Object> envelope(
      String eventId, String type, long created, Map<String, Object> object) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", eventId);
    event.put("object", "event");
    event.put("api_version", API_VERSION);
    event.put("created", created);
    event.put("data", new LinkedHashMap<>(Map.of("object", object)));
    event.put("livemode", false);
    event.put("pending_webhooks", 1);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("id", null);
    request.put("idempotency_key", null);
    event.put("request", request);
    event.put("type", type);
    return event;
  }

  static String payload(Spec spec) {
    Map<String, Object> object = object(spec.fixture());
    object.putAll(spec.overrides());
    return JsonText.pretty(envelope(spec.eventId(), spec.type(), spec.created(), object));
  }

  /** The headers Stripe sends (lower-cased, as API Gateway delivers them). */
  public static Map<String, String> headers(String signature, String payload) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-type", "application/json; charset=utf-8");
    h.put("content-length", Integer.toString(payload.getBytes(StandardCharsets.UTF_8).length));
    h.put("user-agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
    if (signature != null) {
      h.put("stripe-signature", signature);
    }
    return h;
  }

  /** The checked-in API Gateway event of {@code spec}, signed at {@link #SIGNED_AT}. */
  public static Map<String, Object> apiGatewayEvent(Spec spec) {
    return apiGatewayEvent(spec, SIGNED_AT);
  }

  /** The API Gateway event of {@code spec}, signed at {@code signedAt} (epoch seconds). */
  public static Map<String, Object> apiGatewayEvent(Spec spec, long signedAt) {
    String payload = spec.payload();
    return apiGatewayEvent(
        headers(StripeSigning.header(TEST_SECRET, signedAt, payload), payload),
        payload.getBytes(StandardCharsets.UTF_8),
        false,
        "req-" + spec.eventId().substring(4, 16));
  }

  /** An API Gateway HTTP API (payload 2.0) event for {@code POST /webhooks/stripe}. */
  public static Map<String, Object> apiGatewayEvent(
      Map<String, String> headers, byte[] body, boolean base64, String requestId) {
    String path = "/webhooks/stripe";
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("method", "POST");
    http.put("path", path);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "192.0.2.20");
    http.put("userAgent", headers.getOrDefault("user-agent", "test"));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("accountId", "123456789012");
    context.put("apiId", "abcdef1234");
    context.put("domainName", "abcdef1234.execute-api.eu-west-1.amazonaws.com");
    context.put("domainPrefix", "abcdef1234");
    context.put("http", http);
    context.put("requestId", requestId);
    context.put("routeKey", "POST " + path);
    context.put("stage", "$default");
    context.put("time", "01/Jan/2026:00:00:00 +0000");
    context.put("timeEpoch", SIGNED_AT * 1000);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "2.0");
    event.put("routeKey", "POST " + path);
    event.put("rawPath", path);
    event.put("rawQueryString", "");
    event.put("headers", headers);
    event.put("requestContext", context);
    event.put(
        "body",
        base64
            ? java.util.Base64.getEncoder().encodeToString(body)
            : new String(body, StandardCharsets.UTF_8));
    event.put("isBase64Encoded", base64);
    return event;
  }

  /** Writes every event file. */
  public static void writeAll() {
    writeAll(eventsDir(), SIGNED_AT);
  }

  /** Writes every event, signed at {@code signedAt}, into {@code dir}. */
  public static void writeAll(Path dir, long signedAt) {
    try {
      Files.createDirectories(dir);
      for (Spec spec : SPECS) {
        Files.writeString(
            dir.resolve(spec.file()),
            JsonText.pretty(apiGatewayEvent(spec, signedAt)) + "\n",
            StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
