package dev.airlock.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.billing.BillingTestStack.Response;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.billing.BillingSubscription;
import dev.airlock.core.billing.Entitlement;
import dev.airlock.core.state.StateKeys;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The billing function through its handler's API Gateway v2 translation ({@link
 * BillingWebhookFunction}), on S3Mock and the local KMS over real sockets: signatures made with
 * Stripe's scheme, idempotency, order independence and routing, each checked in the bucket.
 */
@ExtendWith(LocalAwsExtension.class)
class BillingProxyIT {
  private static BillingTestStack stack;
  private static LocalAws aws;

  @BeforeAll
  static void start(LocalAws localAws) {
    aws = localAws;
    stack = new BillingTestStack(localAws, BillingTestStack.Options.defaults());
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /** A checkout for a fresh account: accepted, it would store a link, a marker and a document. */
  private static String checkoutPayload(String eventId, String account, String customer) {
    return JsonText.pretty(
        StripeEvents.envelope(
            eventId,
            "checkout.session.completed",
            stack.clock().instant().getEpochSecond(),
            TestObjects.checkout(account, customer, "sub_" + customer.substring(4))));
  }

  record SignatureCase(String name, int status, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<SignatureCase> signatureCases() {
    return Stream.of(
        new SignatureCase("valid", 200, "customer-linked"),
        new SignatureCase("tampered body", 400, "signature-invalid"),
        new SignatureCase("wrong secret", 400, "signature-invalid"),
        new SignatureCase("expired", 400, "timestamp-expired"),
        new SignatureCase("future-dated", 400, "timestamp-in-future"),
        new SignatureCase("multiple v1, one valid", 200, "customer-linked"),
        new SignatureCase("multiple v1, none valid", 400, "signature-invalid"),
        new SignatureCase("missing header", 400, "signature-missing"),
        new SignatureCase("header twice", 400, "signature-malformed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signatureCases")
  void handleRequest_shouldAnswerAndStoreOnlyWhenVerified_whenSignatureVaries(SignatureCase c) {
    String u = TestObjects.unique();
    String account = stack.newAccount();
    String customer = "cus_sig" + u;
    String payload = checkoutPayload("evt_sig" + u, account, customer);
    long now = stack.clock().instant().getEpochSecond();
    String secret = StripeEvents.TEST_SECRET;
    String body = payload;
    String header =
        switch (c.name()) {
          case "tampered body" -> {
            body = payload.replace("\"complete\"", "\"completf\"");
            yield StripeSigning.header(secret, now, payload);
          }
          case "wrong secret" -> StripeSigning.header("whsec_not_the_configured_one", now, payload);
          // A margin beyond the 300 s tolerance, because the function reads its clock later than
          // this test does; the exact boundary is StripeSignatureVerifierTest's, on a fixed clock.
          case "expired" -> StripeSigning.header(secret, now - 360, payload);
          case "future-dated" -> StripeSigning.header(secret, now + 360, payload);
          case "multiple v1, one valid" ->
              StripeSigning.header(
                  now,
                  List.of(
                      StripeSigning.v1("whsec_old_rotated_out", now, payload),
                      StripeSigning.v1(secret, now, payload)));
          case "multiple v1, none valid" ->
              StripeSigning.header(
                  now,
                  List.of(StripeSigning.v1("whsec_old_rotated_out", now, payload), "0".repeat(64)));
          case "missing header" -> null;
          // API Gateway joins a repeated header with commas: two t= values.
          case "header twice" ->
              StripeSigning.header(secret, now, payload)
                  + ","
                  + StripeSigning.header(secret, now, payload);
          default -> StripeSigning.header(secret, now, payload);
        };
    Map<String, List<String>> before = stack.versions();
    int audits = stack.audit().size();

    Response r =
        stack.invoke(
            StripeEvents.headers(header, body), body.getBytes(StandardCharsets.UTF_8), false);

    assertEquals(c.status(), r.status(), r.raw());
    assertEquals(c.reason(), r.get("reason"));
    List<AuditRecord> written = stack.audit().subList(audits, stack.audit().size());
    assertEquals(1, written.size(), "exactly one audit record");
    assertEquals(c.reason(), written.get(0).reason());
    if (c.status() == 200) {
      assertEquals("accepted", r.get("status"));
      assertEquals(customer, stack.billing(account).get().customerId());
      assertTrue(stack.versions().containsKey(StateKeys.stripeCustomer(customer)));
    } else {
      assertEquals("rejected", r.get("status"));
      assertEquals(before, stack.versions(), "nothing stored");
      assertFalse(r.body().containsKey("eventId"), "nothing of an unverified body is echoed");
      assertFalse(written.get(0).ids().containsKey("eventId"));
    }
  }

  @Test
  void handleRequest_shouldAnswer400AndStoreNothing_whenBodyIsFlaggedBase64ButIsNot() {
    Map<String, List<String>> before = stack.versions();
    String payload = "{\"id\":\"evt_bad_base64\"}";
    long now = stack.clock().instant().getEpochSecond();
    Map<String, String> headers =
        StripeEvents.headers(StripeSigning.header(StripeEvents.TEST_SECRET, now, payload), payload);
    Map<String, Object> event =
        StripeEvents.apiGatewayEvent(
            headers, payload.getBytes(StandardCharsets.UTF_8), true, "req-bad-base64");
    event.put("body", "not base64 at all!");

    Response r = stack.invoke(LambdaEvents.read(JsonText.pretty(event)));

    assertEquals(400, r.status(), r.raw());
    assertEquals("bad-request", r.body().get("reason"));
    assertEquals(before, stack.versions(), "nothing stored");
  }

  @Test
  void handleRequest_shouldLinkCustomerAndStoreOnlyIdentifiers_whenCheckoutCompletes() {
    String u = TestObjects.unique();
    String account = stack.newAccount();
    String customer = "cus_co" + u;

    Response r = stack.send(checkoutPayload("evt_co" + u, account, customer));

    assertEquals(200, r.status(), r.raw());
    assertEquals(
        Map.of("status", "accepted", "reason", "customer-linked", "eventId", "evt_co" + u),
        r.body());
    String link =
        new String(stack.object(StateKeys.stripeCustomer(customer)), StandardCharsets.UTF_8);
    assertTrue(link.contains("\"accountId\":\"" + account + "\""), link);
    assertTrue(link.contains("\"customerId\":\"" + customer + "\""), link);
    BillingDocument doc = stack.billing(account).get();
    assertEquals(BillingDocument.linked(customer, "sub_" + customer.substring(4)), doc);
    assertFalse(Entitlement.allowsPrivateAnalysis(doc), "a checkout alone carries no status");
    byte[] stored = stack.object(StateKeys.billing(account));
    assertFalse(
        new String(stored, StandardCharsets.ISO_8859_1).contains(customer),
        "the billing document is encrypted at rest");
  }

  @Test
  void handleRequest_shouldChangeStateOnce_whenTheSameEventIsDeliveredTwice() {
    String u = TestObjects.unique();
    String account = stack.newAccount();
    String customer = "cus_dup" + u;
    stack.send(checkoutPayload("evt_dupco" + u, account, customer));
    String payload =
        JsonText.pretty(
            StripeEvents.envelope(
                "evt_dup" + u,
                "customer.subscription.updated",
                1_800_000_000L,
                TestObjects.subscription("sub_dup" + u, customer, "active")));

    Response first = stack.send(payload);
    Map<String, List<String>> afterFirst = stack.versions();
    Response second = stack.send(payload);

    assertEquals("subscription-applied", first.get("reason"));
    assertEquals(200, second.status());
    assertEquals(
        Map.of("status", "ignored", "reason", "duplicate", "eventId", "evt_dup" + u),
        second.body());
    assertEquals(afterFirst, stack.versions(), "the duplicate wrote nothing");
    assertEquals(
        2,
        afterFirst.get(StateKeys.billing(account)).size(),
        "one version from the checkout, one from the single state change");
    assertEquals("active", stack.billing(account).get().primary().orElseThrow().status());
  }

  /** Delivers subscription events for a fresh account in {@code order}; returns the document. */
  private static BillingDocument deliver(String u, List<String> order) {
    String account = stack.newAccount();
    String customer = "cus_ord" + u;
    stack.send(checkoutPayload("evt_ordco" + u, account, customer));
    String sub = "sub_ord" + u;
    Map<String, Object[]> events =
        Map.of(
            "created", new Object[] {"customer.subscription.created", 1_800_000_000L, "incomplete"},
            "updated", new Object[] {"customer.subscription.updated", 1_800_000_100L, "active"},
            "deleted", new Object[] {"customer.subscription.deleted", 1_800_000_200L, "canceled"});
    for (String name : order) {
      Object[] e = events.get(name);
      Response r =
          stack.send(
              "evt_" + name + u,
              (String) e[0],
              (Long) e[1],
              TestObjects.subscription(sub, customer, (String) e[2]));
      assertEquals(200, r.status(), r.raw());
    }
    return stack.billing(account).get();
  }

  /** The document with this run's unique suffix removed, to compare runs. */
  private static String normalized(BillingDocument d, String u) {
    return d.toString().replace(u, "#");
  }

  @Test
  void handleRequest_shouldEndInTheInOrderState_whenUpdatedArrivesBeforeCreated() {
    String inOrder = TestObjects.unique();
    String reversed = TestObjects.unique();

    BillingDocument expected = deliver(inOrder, List.of("created", "updated"));
    BillingDocument actual = deliver(reversed, List.of("updated", "created"));

    assertEquals("active", expected.primary().orElseThrow().status());
    assertEquals(normalized(expected, inOrder), normalized(actual, reversed));
  }

  @Test
  void handleRequest_shouldEndInTheInOrderState_whenDeletedArrivesBeforeUpdated() {
    String inOrder = TestObjects.unique();
    String shuffled = TestObjects.unique();

    BillingDocument expected = deliver(inOrder, List.of("created", "updated", "deleted"));
    BillingDocument actual = deliver(shuffled, List.of("created", "deleted", "updated"));

    assertEquals("canceled", expected.primary().orElseThrow().status());
    assertEquals(normalized(expected, inOrder), normalized(actual, shuffled));
    assertFalse(Entitlement.allowsPrivateAnalysis(actual));
  }

  @Test
  void handleRequest_shouldRecordTheOlderEventAsStale_whenItArrivesLate() {
    String u = TestObjects.unique();
    deliver(u, List.of("updated"));

    Response late =
        stack.send(
            "evt_late" + u,
            "customer.subscription.created",
            1_700_000_000L,
            TestObjects.subscription("sub_ord" + u, "cus_ord" + u, "incomplete"));
    Response again =
        stack.send(
            "evt_late" + u,
            "customer.subscription.created",
            1_700_000_000L,
            TestObjects.subscription("sub_ord" + u, "cus_ord" + u, "incomplete"));

    assertEquals("stale", late.get("reason"));
    assertEquals("duplicate", again.get("reason"), "a stale event is recorded as seen");
  }

  @Test
  void handleRequest_shouldIgnoreThenApplyOnResend_whenCustomerIsUnknownUntilCheckout() {
    String u = TestObjects.unique();
    String account = stack.newAccount();
    String customer = "cus_unk" + u;
    Map<String, Object> sub = TestObjects.subscription("sub_unk" + u, customer, "trialing");

    Response early =
        stack.send("evt_unk" + u, "customer.subscription.created", 1_800_000_000L, sub);
    stack.send(checkoutPayload("evt_unkco" + u, account, customer));
    Response resent =
        stack.send("evt_unk" + u, "customer.subscription.created", 1_800_000_000L, sub);

    assertEquals(
        Map.of("status", "ignored", "reason", "unknown-customer", "eventId", "evt_unk" + u),
        early.body());
    assertEquals("subscription-applied", resent.get("reason"), "unresolved is not final");
    assertTrue(Entitlement.allowsPrivateAnalysis(stack.billing(account)));
  }

  @Test
  void handleRequest_shouldRouteByAccountMetadata_whenSubscriptionArrivesBeforeCheckout() {
    String u = TestObjects.unique();
    String account = stack.newAccount();
    String customer = "cus_meta" + u;
    Map<String, Object> sub = TestObjects.subscription("sub_meta" + u, customer, "active");
    sub.put("metadata", Map.of("airlock_account_id", account));

    Response r = stack.send("evt_meta" + u, "customer.subscription.created", 1_800_000_000L, sub);
    Response checkout = stack.send(checkoutPayload("evt_metaco" + u, account, customer));

    assertEquals("subscription-applied", r.get("reason"), r.raw());
    assertEquals("customer-linked", checkout.get("reason"));
    BillingDocument doc = stack.billing(account).get();
    assertEquals("active", doc.primary().orElseThrow().status());
    assertEquals("sub_meta" + u, doc.primary().orElseThrow().subscriptionId());
  }

  @Test
  void handleRequest_shouldNotMoveTheLink_whenACheckoutNamesAnotherAccountForALinkedCustomer() {
    String u = TestObjects.unique();
    String owner = stack.newAccount();
    String other = stack.newAccount();
    String customer = "cus_own" + u;
    stack.send(checkoutPayload("evt_own1" + u, owner, customer));

    Response r = stack.send(checkoutPayload("evt_own2" + u, other, customer));

    assertEquals("customer-linked-to-other-account", r.get("reason"));
    assertTrue(stack.billing(other).isEmpty());
    String link =
        new String(stack.object(StateKeys.stripeCustomer(customer)), StandardCharsets.UTF_8);
    assertTrue(link.contains(owner));
  }

  @Test
  void handleRequest_shouldRecordInvoices_whenCustomerIsLinked() {
    String u = TestObjects.unique();
    String account = stack.newAccount();
    String customer = "cus_inv" + u;
    stack.send(checkoutPayload("evt_invco" + u, account, customer));
    BillingDocument before = stack.billing(account).get();

    for (String type :
        List.of("invoice.paid", "invoice.payment_failed", "invoice.payment_action_required")) {
      Response r =
          stack.send(
              "evt_inv" + type.replace(".", "") + u,
              type,
              1_800_000_000L,
              TestObjects.invoice(customer, "sub_x"));
      assertEquals("invoice-recorded", r.get("reason"), type);
    }

    assertEquals(
        before.withSubscription(BillingSubscription.announced("sub_x")),
        stack.billing(account).get(),
        "status comes from subscription events; an unknown subscription is only announced");
    Map<String, List<String>> versions = stack.versions();
    Response known =
        stack.send(
            "evt_invknown" + u,
            "invoice.paid",
            1_800_000_000L,
            TestObjects.invoice(customer, "sub_" + customer.substring(4)));
    assertEquals("invoice-recorded", known.get("reason"), known.raw());
    assertEquals(
        versions.get(StateKeys.billing(account)),
        stack.versions().get(StateKeys.billing(account)),
        "an invoice of a known subscription writes no document");
  }

  @Test
  void handleRequest_shouldVerifyAndApply_whenBodyHasMultibyteCharactersAsTextOrBase64() {
    for (boolean base64 : new boolean[] {false, true}) {
      String u = TestObjects.unique();
      String account = stack.newAccount();
      Map<String, Object> checkout = TestObjects.checkout(account, "cus_mb" + u, "sub_mb" + u);
      checkout.put("custom_text", Map.of("submit", Map.of("message", "Merci — naïve café 東京 🐛")));
      String payload =
          JsonText.pretty(
              StripeEvents.envelope(
                  "evt_mb" + u,
                  "checkout.session.completed",
                  stack.clock().instant().getEpochSecond(),
                  checkout));
      assertTrue(payload.contains("🐛"), "raw UTF-8, not escaped");
      long now = stack.clock().instant().getEpochSecond();

      Response r =
          stack.invoke(
              StripeEvents.headers(
                  StripeSigning.header(StripeEvents.TEST_SECRET, now, payload), payload),
              payload.getBytes(StandardCharsets.UTF_8),
              base64);

      assertEquals(200, r.status(), r.raw());
      assertEquals("customer-linked", r.get("reason"));
    }
  }

  @Test
  void handleRequest_shouldStoreNothing_whenEventTypeIsNotHandledOrBodyIsMalformed() {
    String u = TestObjects.unique();
    Map<String, List<String>> before = stack.versions();

    Response unhandled =
        stack.send(
            "evt_unh" + u,
            "customer.created",
            1_800_000_000L,
            StripeEvents.object("customer.json"));
    Response malformed = stack.send("{\"id\":\"evt_" + u + "\", \"type\": ");
    Response wrongShape =
        stack.send(
            "evt_shape" + u,
            "customer.subscription.updated",
            1_800_000_000L,
            Map.of("object", "subscription", "id", "sub_1"));
    // A v2 thin event (event destinations), and a v1 event of a type Stripe may add later.
    Response thin =
        stack.send(
            "{\"id\":\"evt_thin"
                + u
                + "\",\"object\":\"v2.core.event\",\"type\":\"v1.billing.meter.no_meter_found\","
                + "\"created\":\"2026-01-01T00:00:00.000Z\",\"livemode\":false}");
    Response future =
        stack.send(
            "evt_fut" + u, "some_future.object.happened", 1_800_000_000L, Map.of("id", "x_1"));

    assertEquals(
        Map.of("status", "ignored", "reason", "event-type-not-handled", "eventId", "evt_unh" + u),
        unhandled.body());
    assertEquals(200, thin.status(), thin.raw());
    assertEquals("event-type-not-handled", thin.get("reason"));
    assertEquals(200, future.status(), future.raw());
    assertEquals("event-type-not-handled", future.get("reason"));
    assertEquals(400, malformed.status());
    assertEquals("malformed-json", malformed.get("reason"));
    assertEquals(400, wrongShape.status());
    assertEquals("missing-field:data.object.customer", wrongShape.get("reason"));
    assertEquals(before, stack.versions(), "nothing stored");
  }

  @Test
  void handleRequest_shouldAnswer413_whenBodyIsTooLarge() {
    String huge = "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";

    Response r = stack.send(huge);

    assertEquals(413, r.status());
    assertEquals("body-too-large", r.get("reason"));
  }

  @Test
  void handleRequest_shouldAnswerJson404_whenRouteIsUnknown() {
    Map<String, Object> event =
        StripeEvents.apiGatewayEvent(
            Map.of("content-type", "application/json"), new byte[0], false, "r");
    event.put("rawPath", "/webhooks/nope");
    @SuppressWarnings("unchecked")
    Map<String, Object> http =
        (Map<String, Object>) ((Map<String, Object>) event.get("requestContext")).get("http");
    http.put("path", "/webhooks/nope");

    Response r = stack.invoke(LambdaEvents.read(JsonText.pretty(event)));

    assertEquals(404, r.status());
    assertEquals(Map.of("status", "rejected", "reason", "not-found"), r.body());
  }

  @Test
  void handleRequest_shouldFailClosedWith503_whenNoSecretIsConfigured() {
    try (BillingTestStack bare =
        new BillingTestStack(aws, BillingTestStack.Options.defaults().noSecret())) {
      String u = TestObjects.unique();
      String payload = checkoutPayload("evt_nosec" + u, "acct-nosecret", "cus_nosec" + u);

      Response r = bare.send(payload);

      assertEquals(503, r.status());
      assertEquals(Map.of("status", "error", "reason", "not-configured"), r.body());
      assertEquals(Map.of(), bare.versions(), "nothing stored");
      assertNotEquals(0, bare.audit().size());
      assertEquals("failed", bare.audit().get(0).outcome());
    }
  }
}
