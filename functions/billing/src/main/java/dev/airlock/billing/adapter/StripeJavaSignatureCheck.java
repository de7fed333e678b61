package dev.airlock.billing.adapter;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.airlock.billing.port.StripeSignatureCheck;
import java.time.Clock;

/**
 * {@link StripeSignatureCheck} with stripe-java's own verifier ({@code
 * Webhook.Signature.verifyHeader}): the scheme exactly as Stripe ships it, including its parsing of
 * the header, its constant-time comparison over every {@code v1} and its tolerance check. Only this
 * class of stripe-java is used; events are read by projection in the domain (see the README).
 */
public final class StripeJavaSignatureCheck implements StripeSignatureCheck {

  @Override
  public boolean matches(
      String payload, String header, String secret, long toleranceSeconds, Clock clock) {
    try {
      return Webhook.Signature.verifyHeader(payload, header, secret, toleranceSeconds, clock);
    } catch (SignatureVerificationException | RuntimeException e) {
      // The exception carries the header; it is neither logged nor rethrown.
      return false;
    }
  }
}
