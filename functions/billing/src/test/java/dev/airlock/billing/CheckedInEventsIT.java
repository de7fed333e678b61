package dev.airlock.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airlock.billing.BillingTestStack.Response;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every file in {@code events/billing/}, read as Lambda reads it and invoked through the real proxy
 * translation with the clock at their signing time, gets the answer documented in
 * events/billing/README.md; delivered again, every handled one is a duplicate.
 */
@ExtendWith(LocalAwsExtension.class)
class CheckedInEventsIT {

  @Test
  void handleRequest_shouldAnswerAsDocumented_whenGivenEachCheckedInEventInFileOrder(LocalAws aws) {
    Clock signingTime = Clock.fixed(Instant.ofEpochSecond(StripeEvents.SIGNED_AT), ZoneOffset.UTC);
    Map<String, String[]> expected = new LinkedHashMap<>();
    expected.put("checkout-session-completed.json", new String[] {"accepted", "customer-linked"});
    expected.put(
        "customer-subscription-created.json", new String[] {"accepted", "subscription-applied"});
    expected.put(
        "customer-subscription-updated.json", new String[] {"accepted", "subscription-applied"});
    expected.put("customer-subscription-trial-will-end.json", new String[] {"ignored", "stale"});
    expected.put(
        "customer-subscription-deleted.json", new String[] {"accepted", "subscription-applied"});
    expected.put("invoice-paid.json", new String[] {"accepted", "invoice-recorded"});
    expected.put("invoice-payment-failed.json", new String[] {"accepted", "invoice-recorded"});
    expected.put(
        "invoice-payment-action-required.json", new String[] {"accepted", "invoice-recorded"});
    expected.put(
        "payment-method-attached.json", new String[] {"ignored", "event-type-not-handled"});
    expected.put("charge-succeeded.json", new String[] {"ignored", "event-type-not-handled"});
    assertEquals(
        StripeEvents.SPECS.stream().map(StripeEvents.Spec::file).toList(),
        List.copyOf(expected.keySet()),
        "every checked-in event has an expectation");

    try (BillingTestStack stack =
        new BillingTestStack(aws, BillingTestStack.Options.defaults().clock(signingTime))) {
      stack.account(StripeEvents.ACCOUNT);
      for (StripeEvents.Spec spec : StripeEvents.SPECS) {
        Response r = stack.invoke(LambdaEvents.read(spec.path()));

        assertEquals(200, r.status(), spec.file() + ": " + r.raw());
        assertEquals(expected.get(spec.file())[0], r.get("status"), spec.file());
        assertEquals(expected.get(spec.file())[1], r.get("reason"), spec.file());
        assertEquals(spec.eventId(), r.get("eventId"));
      }
      BillingDocument doc = stack.billing(StripeEvents.ACCOUNT).get();
      assertEquals(StripeEvents.CUSTOMER, doc.customerId());
      assertEquals(StripeEvents.SUBSCRIPTION, doc.primary().orElseThrow().subscriptionId());
      assertEquals("canceled", doc.primary().orElseThrow().status());
      assertEquals("evt_1AirlockSubscriptionDeleted", doc.primary().orElseThrow().lastEventId());

      for (StripeEvents.Spec spec : StripeEvents.SPECS) {
        Response again = stack.invoke(LambdaEvents.read(spec.path()));
        String reason = expected.get(spec.file())[1];
        assertEquals(
            reason.equals("event-type-not-handled") ? reason : "duplicate",
            again.get("reason"),
            spec.file());
      }
    }
  }
}
