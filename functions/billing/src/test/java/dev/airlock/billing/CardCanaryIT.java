package dev.airlock.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.billing.BillingTestStack.Response;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.state.StateKeys;
import dev.airlock.testkit.CanaryScanner;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The card canary: card-bearing events ({@code payment_method.attached}, {@code charge.succeeded}
 * from Stripe's own fixtures) and crafted events with the test card number 4242 4242 4242 4242 in
 * every string field go through the function; afterwards no object in the bucket (decrypted), no
 * log line, no audit record and no response holds the number, its last four digits, the expiry or
 * the billing details.
 */
@ExtendWith(LocalAwsExtension.class)
class CardCanaryIT {
  private static final String CARD = "4242 4242 4242 4242";

  /**
   * What must never be kept: the number in its forms, and the fixture's card and billing details.
   */
  private static final List<String> CANARIES =
      List.of(
          CARD,
          CARD.replace(" ", ""),
          "4242-4242-4242-4242",
          "jenny@example.com",
          "+15555555555",
          "1234 Fake Street",
          "San Francisco",
          "AOB934RVNwzk6xtn");

  /** Short card fields, searched in the decrypted documents and the audit log. */
  private static final List<String> CARD_FIELDS =
      List.of(
          "last4",
          "4242",
          "exp_month",
          "exp_year",
          "2030",
          "billing_details",
          "brand",
          "visa",
          "cvc");

  private static BillingTestStack stack;
  private static S3Client s3;
  private static final List<Response> responses = new ArrayList<>();

  @BeforeAll
  static void start(LocalAws aws) {
    s3 = aws.s3();
    stack = new BillingTestStack(aws, BillingTestStack.Options.defaults());
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /**
   * Replaces every string in the tree, except at the given top-level keys, with the card number.
   */
  @SuppressWarnings("unchecked")
  private static Object cardEverywhere(Object node, Set<String> keep, boolean top) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) ->
              out.put((String) k, top && keep.contains(k) ? v : cardEverywhere(v, keep, false)));
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(cardEverywhere(v, keep, false)));
      return out;
    }
    return node instanceof String ? CARD : node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> crafted(Map<String, Object> object, Set<String> keep) {
    Map<String, Object> o = (Map<String, Object>) cardEverywhere(object, keep, true);
    o.put("number", CARD.replace(" ", ""));
    o.put("cvc", "424");
    o.put("exp_month", 12);
    o.put("exp_year", 2030);
    o.put("last4", "4242");
    return o;
  }

  private static Response send(String id, String type, Map<String, Object> object) {
    Response r = stack.send(id, type, 1_800_000_000L + responses.size(), object);
    responses.add(r);
    return r;
  }

  @Test
  void cardData_shouldLeaveNoTraceAnywhere_whenCardBearingAndCraftedEventsArrive() {
    String u = TestObjects.unique();
    String account = stack.newAccount();
    String customer = "cus_card" + u;
    String subscription = "sub_card" + u;
    Set<String> ids = Set.of("id", "object", "customer", "status", "items", "subscription");

    // A linked, subscribed account, so the crafted events have somewhere to land.
    assertEquals(
        "customer-linked",
        send(
                "evt_c0" + u,
                "checkout.session.completed",
                TestObjects.checkout(account, customer, subscription))
            .get("reason"));
    Map<String, Object> pm = StripeEvents.object("payment_method.json");
    pm.put("customer", customer);
    Map<String, Object> charge = StripeEvents.object("charge.json");
    charge.put("customer", customer);

    Response attached = send("evt_c1" + u, "payment_method.attached", pm);
    Response charged = send("evt_c2" + u, "charge.succeeded", charge);
    Response craftedPm = send("evt_c3" + u, "payment_method.attached", crafted(pm, Set.of()));
    Response craftedAll =
        send(
            "evt_c4" + u,
            "customer.subscription.updated",
            crafted(TestObjects.subscription(subscription, customer, "active"), Set.of()));
    Map<String, Object> sub = TestObjects.subscription(subscription, customer, "active");
    Response craftedButIds = send("evt_c5" + u, "customer.subscription.updated", crafted(sub, ids));
    Response craftedCheckout =
        send(
            "evt_c6" + u,
            "checkout.session.completed",
            crafted(
                TestObjects.checkout(account, customer, subscription),
                Set.of("id", "object", "customer", "subscription")));
    Response craftedInvoice =
        send(
            "evt_c7" + u,
            "invoice.payment_failed",
            crafted(
                TestObjects.invoice(customer, subscription),
                Set.of("id", "object", "customer", "subscription")));

    assertEquals("event-type-not-handled", attached.get("reason"));
    assertEquals("event-type-not-handled", charged.get("reason"));
    assertEquals("event-type-not-handled", craftedPm.get("reason"));
    assertEquals(400, craftedAll.status(), "a card number is no identifier");
    assertEquals("invalid-field:data.object.object", craftedAll.get("reason"));
    assertEquals("subscription-applied", craftedButIds.get("reason"), craftedButIds.raw());
    assertEquals("client-reference-missing", craftedCheckout.get("reason"));
    assertEquals("invoice-recorded", craftedInvoice.get("reason"));
    BillingDocument doc = stack.billing(account).get();
    assertEquals("active", doc.primary().orElseThrow().status());

    for (String canary : CANARIES) {
      CanaryScanner scan =
          CanaryScanner.searchFor(canary)
              .s3(s3, stack.bucket(), stack.decryptor())
              .text("audit", stack.auditText())
              .text("logs", stack.logText());
      for (Response r : responses) {
        scan.text("response " + r.raw().length(), r.raw());
      }
      assertEquals(List.of(), scan.hits(), canary);
      assertTrue(scan.placesSearched() > responses.size() + 3, "it searched the bucket");
    }
    for (String field : CARD_FIELDS) {
      assertFalse(stack.auditText().contains(field), "audit holds " + field);
      for (String key : stack.versions().keySet()) {
        byte[] raw = stack.object(key);
        String plain = new String(stack.decryptor().apply(raw).orElse(raw), StandardCharsets.UTF_8);
        assertFalse(plain.contains(field), key + " holds " + field);
      }
    }
  }

  @Test
  void billingDocument_shouldHoldOnlyTheAllowListedFields_whenDecrypted() {
    String u = TestObjects.unique();
    String account = stack.newAccount();
    String customer = "cus_allow" + u;
    send(
        "evt_a0" + u,
        "checkout.session.completed",
        TestObjects.checkout(account, customer, "sub_allow" + u));
    send(
        "evt_a1" + u,
        "customer.subscription.updated",
        TestObjects.subscription("sub_allow" + u, customer, "active"));

    byte[] sealed = stack.object(StateKeys.billing(account));
    Optional<byte[]> plain = stack.decryptor().apply(sealed);

    assertTrue(plain.isPresent(), "stored as a tenant envelope");
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = dev.airlock.core.json.Json.read(plain.get(), Map.class);
    assertEquals(
        Set.of("version", "customerId", "subscriptions"),
        fields.keySet(),
        new TreeSet<>(fields.keySet()).toString());
    Set<String> allowed =
        Set.of(
            "subscriptionId",
            "status",
            "priceId",
            "quantity",
            "currentPeriodEnd",
            "cancelAtPeriodEnd",
            "lastEventId",
            "lastEventCreated");
    List<?> subscriptions = (List<?>) fields.get("subscriptions");
    assertEquals(1, subscriptions.size(), "the checkout's subscription, filled in");
    for (Object sub : subscriptions) {
      Set<?> keys = ((Map<?, ?>) sub).keySet();
      assertTrue(
          allowed.containsAll(keys),
          new TreeSet<>(keys.stream().map(Object::toString).toList()).toString());
    }
    String link =
        new String(stack.object(StateKeys.stripeCustomer(customer)), StandardCharsets.UTF_8);
    Map<?, ?> linkFields = dev.airlock.core.json.Json.read(link, Map.class);
    assertEquals(Set.of("customerId", "accountId", "linkedAt"), linkFields.keySet());
  }
}
