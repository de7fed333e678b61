package dev.airlock.billing.port;

import java.time.Clock;

/**
 * Checks one {@code Stripe-Signature} header against one signing secret with Stripe's scheme:
 * HMAC-SHA256 of {@code <t>.<payload>} under the secret, compared in constant time with every
 * {@code v1} value, and the timestamp no older than the tolerance.
 *
 * <p>Never throws for any header, payload or secret: a malformed header, a wrong secret or a stale
 * timestamp are all {@code false}. Implementations never log or echo the secret or the payload.
 */
public interface StripeSignatureCheck {

  /**
   * @param payload the request body decoded as UTF-8 (Stripe signs the UTF-8 bytes)
   * @param header the {@code Stripe-Signature} header value
   * @param secret one endpoint signing secret ({@code whsec_...})
   * @param toleranceSeconds the maximum age of the signed timestamp
   * @param clock the time to judge the age against
   * @return whether the signature matches and the timestamp is within tolerance
   */
  boolean matches(String payload, String header, String secret, long toleranceSeconds, Clock clock);
}
