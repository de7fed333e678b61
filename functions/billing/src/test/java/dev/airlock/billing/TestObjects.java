package dev.airlock.billing;

import java.util.Map;

/**
 * Fixture objects with the few fields a test varies, everything else as Stripe's fixture has it.
 */
public final class TestObjects {
  private TestObjects() {}

  public static Map<String, Object> subscription(String id, String customer, String status) {
    Map<String, Object> s = StripeEvents.object("subscription.json");
    s.put("id", id);
    s.put("customer", customer);
    s.put("status", status);
    return s;
  }

  public static Map<String, Object> checkout(String account, String customer, String subscription) {
    Map<String, Object> c = StripeEvents.object("checkout_session.json");
    c.put("client_reference_id", account);
    c.put("customer", customer);
    c.put("subscription", subscription);
    c.put("mode", "subscription");
    c.put("status", "complete");
    c.put("payment_status", "paid");
    return c;
  }

  public static Map<String, Object> invoice(String customer, String subscription) {
    Map<String, Object> i = StripeEvents.object("invoice.json");
    i.put("customer", customer);
    i.put("subscription", subscription);
    return i;
  }

  /** A unique suffix for ids, so tests sharing a bucket or the JVM's KMS never collide. */
  public static String unique() {
    return Long.toString(System.nanoTime(), 36) + Integer.toString((int) (Math.random() * 1e6), 36);
  }
}
