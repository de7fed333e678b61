package dev.airlock.billing.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.billing.JsonText;
import dev.airlock.billing.StripeEvents;
import dev.airlock.billing.domain.StripeEvent.CheckoutCompletion;
import dev.airlock.billing.domain.StripeEvent.InvoiceNotice;
import dev.airlock.billing.domain.StripeEvent.SubscriptionSnapshot;
import dev.airlock.core.billing.SubscriptionStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Projection of the real fixture objects, wrapped in event envelopes. */
class StripeEventParserTest {
  private final StripeEventParser parser = new StripeEventParser();

  private static String event(String type, Map<String, Object> object) {
    return JsonText.pretty(StripeEvents.envelope("evt_test_1", type, 1_767_225_000L, object));
  }

  @Test
  void parse_shouldProjectTheNamedSubscriptionFields_whenGivenTheFixtureSubscription() {
    StripeEvent e =
        parser.parse(
            event("customer.subscription.updated", StripeEvents.object("subscription.json")));

    assertEquals("evt_test_1", e.id());
    assertEquals("customer.subscription.updated", e.type());
    assertEquals(1_767_225_000L, e.created());
    SubscriptionSnapshot s = assertInstanceOf(SubscriptionSnapshot.class, e.object().get());
    assertEquals(StripeEvents.SUBSCRIPTION, s.subscriptionId());
    assertEquals(StripeEvents.CUSTOMER, s.customer());
    assertEquals(SubscriptionStatus.ACTIVE, s.status());
    assertEquals("price_1PgafmB7WZ01zgkW6dKueIc5", s.priceId());
    assertEquals(1L, s.quantity());
    // The fixture's API version keeps the period on the item, not the subscription.
    assertEquals(976287773L, s.currentPeriodEnd());
    assertTrue(s.cancelAtPeriodEnd());
    assertNull(s.accountHint());
  }

  @Test
  void parse_shouldReadPeriodEndAndPlan_whenObjectHasTheOlderTopLevelShape() {
    Map<String, Object> sub = StripeEvents.object("subscription.json");
    sub.remove("items");
    sub.put("current_period_end", 1_800_000_000L);
    sub.put("plan", Map.of("id", "plan_old", "object", "plan"));
    sub.put("quantity", 3);
    sub.put("metadata", Map.of("airlock_account_id", "acme"));

    SubscriptionSnapshot s =
        (SubscriptionSnapshot)
            parser.parse(event("customer.subscription.created", sub)).object().get();

    assertEquals(1_800_000_000L, s.currentPeriodEnd());
    assertEquals("plan_old", s.priceId());
    assertEquals(3L, s.quantity());
    assertEquals("acme", s.accountHint());
  }

  @Test
  void parse_shouldReadTheClientReference_whenCheckoutSessionCompleted() {
    Map<String, Object> cs = StripeEvents.object("checkout_session.json");
    cs.put("client_reference_id", "acme");
    cs.put("customer", Map.of("id", "cus_expanded", "object", "customer"));
    cs.put("subscription", "sub_1");

    CheckoutCompletion c =
        (CheckoutCompletion) parser.parse(event("checkout.session.completed", cs)).object().get();

    assertEquals("acme", c.accountReference());
    assertEquals("cus_expanded", c.customer());
    assertEquals("sub_1", c.subscriptionId());
  }

  @Test
  void parse_shouldTreatAnInvalidClientReferenceAsAbsent_whenItIsNotAnAccountId() {
    Map<String, Object> cs = StripeEvents.object("checkout_session.json");
    for (String ref : List.of("ACME", "../x", "4242424242424242", "a".repeat(64))) {
      cs.put("client_reference_id", ref);

      CheckoutCompletion c =
          (CheckoutCompletion) parser.parse(event("checkout.session.completed", cs)).object().get();

      assertNull(c.accountReference(), ref);
    }
  }

  @Test
  void parse_shouldFindTheSubscription_whenInvoiceHasTheParentShape() {
    InvoiceNotice n =
        (InvoiceNotice)
            parser.parse(event("invoice.paid", StripeEvents.object("invoice.json"))).object().get();

    assertEquals("in_1Pgc6tB7WZ01zgkWu9fdqL6I", n.invoiceId());
    assertEquals(StripeEvents.CUSTOMER, n.customer());
    assertEquals("subscription", n.subscriptionId());
  }

  @Test
  void parse_shouldNotProjectTheObject_whenTypeIsNotHandled() {
    StripeEvent e =
        parser.parse(event("payment_method.attached", StripeEvents.object("payment_method.json")));

    assertFalse(e.object().isPresent());
    assertEquals("payment_method.attached", e.type());
  }

  @Test
  void parse_shouldAcceptTheFixtureEventVerbatim_whenTypeIsNotHandled() {
    String raw =
        new String(
            dev.airlock.testkit.Fixtures.bytes("stripe/objects/event.json"),
            java.nio.charset.StandardCharsets.UTF_8);

    StripeEvent e = parser.parse(raw);

    assertEquals("evt_1Pgc76B7WZ01zgkWwyRHS12y", e.id());
    assertEquals("plan.created", e.type());
  }

  @Test
  void parse_shouldNotProjectAnything_whenTheEventIsAV2ThinEvent() {
    // Event destinations deliver "thin" v2 events: another object, an ISO-8601 created and no data.
    String thin =
        "{\"id\":\"evt_test_65R9Ijk8d40bLmP2Es716MBRCGZPhU9RQ4JjPNRSlQmQO8\","
            + "\"object\":\"v2.core.event\","
            + "\"type\":\"v1.billing.meter.error_report_triggered\","
            + "\"livemode\":false,\"created\":\"2024-09-17T06:20:52.246Z\","
            + "\"related_object\":{\"id\":\"mtr_test_61R9\",\"type\":\"billing.meter\","
            + "\"url\":\"/v1/billing/meters/mtr_test_61R9\"}}";

    StripeEvent e = parser.parse(thin);

    assertFalse(e.object().isPresent());
    assertEquals("v1.billing.meter.error_report_triggered", e.type());
    assertEquals(1_726_554_052L, e.created());
    assertEquals(
        "invalid-field:created", reason(thin.replace("2024-09-17T06:20:52.246Z", "yesterday")));
    assertEquals("invalid-field:object", reason(thin.replace("v2.core.event", "charge")));
  }

  @Test
  void parse_shouldRefuseWithTheFieldName_whenEventIsMalformed() {
    Map<String, Object> sub = StripeEvents.object("subscription.json");
    String type = "customer.subscription.updated";

    assertEquals("malformed-json", reason("{\"id\": "));
    assertEquals("malformed-json", reason("[1,2]"));
    assertEquals("missing-field:id", reason("{\"type\":\"x.y\",\"created\":1}"));
    assertEquals("invalid-field:id", reason("{\"id\":\"evt 1\",\"type\":\"x.y\",\"created\":1}"));
    assertEquals(
        "invalid-field:id",
        reason("{\"id\":\"evt_4242424242424242\",\"type\":\"x.y\",\"created\":1}"));
    assertEquals("invalid-field:type", reason("{\"id\":\"evt_1\",\"type\":\"X Y\",\"created\":1}"));
    assertEquals(
        "invalid-field:created",
        reason("{\"id\":\"evt_1\",\"type\":\"x\",\"livemode\":false,\"created\":\"1\"}"));
    assertEquals(
        "missing-field:data",
        reason("{\"id\":\"evt_1\",\"type\":\"" + type + "\",\"livemode\":true,\"created\":1}"));

    sub.put("status", "resurrected");
    assertEquals("invalid-field:data.object.status", reason(event(type, sub)));
    sub.put("status", "active");
    sub.put("customer", "cus_4242 4242 4242 4242");
    assertEquals("invalid-field:data.object.customer", reason(event(type, sub)));
    sub.put("customer", 42);
    assertEquals("invalid-field:data.object.customer", reason(event(type, sub)));
    sub.put("customer", "cus_1");
    sub.put("object", "invoice");
    assertEquals("invalid-field:data.object.object", reason(event(type, sub)));
  }

  @Test
  void parse_shouldReadLivemode_whenTheEnvelopeCarriesIt() {
    Map<String, Object> envelope =
        StripeEvents.envelope(
            "evt_lm0",
            "customer.subscription.updated",
            1L,
            StripeEvents.object("subscription.json"));

    assertFalse(parser.parse(JsonText.pretty(envelope)).livemode());
    envelope.put("livemode", true);
    assertTrue(parser.parse(JsonText.pretty(envelope)).livemode());
  }

  @Test
  void parse_shouldRefuse_whenLivemodeIsMissingOrNotABoolean() {
    Map<String, Object> envelope =
        StripeEvents.envelope(
            "evt_lm1",
            "customer.subscription.updated",
            1L,
            StripeEvents.object("subscription.json"));
    envelope.remove("livemode");
    assertEquals("missing-field:livemode", reason(JsonText.pretty(envelope)));
    for (Object odd : new Object[] {"true", 1, Map.of()}) {
      envelope.put("livemode", odd);
      assertEquals("invalid-field:livemode", reason(JsonText.pretty(envelope)), odd.toString());
    }
    assertEquals(
        "missing-field:livemode",
        reason(
            "{\"id\":\"evt_t\",\"object\":\"v2.core.event\",\"type\":\"v1.x\","
                + "\"created\":\"2024-09-17T06:20:52.246Z\"}"));
  }

  private String reason(String payload) {
    return assertThrows(MalformedEventException.class, () -> parser.parse(payload)).reason();
  }
}
