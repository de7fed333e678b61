package dev.airlock.billing;

import com.stripe.net.Webhook;
import java.util.List;

/**
 * Signs test requests with Stripe's own scheme, through stripe-java's {@code
 * Webhook.Util.computeHmacSha256} (HMAC-SHA256 of {@code <t>.<payload>}, lower-case hex), so the
 * tests do not share code with the verifier under test beyond Stripe's own primitive.
 */
public final class StripeSigning {
  private StripeSigning() {}

  /** The {@code v1} signature of {@code payload} at {@code timestamp} under {@code secret}. */
  public static String v1(String secret, long timestamp, String payload) {
    try {
      return Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code t=<timestamp>,v1=<signature>}, as Stripe sends it. */
  public static String header(String secret, long timestamp, String payload) {
    return "t=" + timestamp + ",v1=" + v1(secret, timestamp, payload);
  }

  /** {@code t=<timestamp>,v1=<a>,v1=<b>...}. */
  public static String header(long timestamp, List<String> signatures) {
    StringBuilder b = new StringBuilder("t=").append(timestamp);
    for (String s : signatures) {
      b.append(",v1=").append(s);
    }
    return b.toString();
  }
}
