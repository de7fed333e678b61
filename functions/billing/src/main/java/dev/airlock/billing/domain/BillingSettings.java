package dev.airlock.billing.domain;

import java.time.Duration;

/**
 * The billing function's plain settings.
 *
 * @param maxBodyBytes larger bodies are answered 413 before any signature work
 * @param signatureTolerance how old (and how far in the future) a signed timestamp may be
 * @param mode which Stripe mode's events apply ({@link StripeMode}); the other mode's are ignored
 * @param deletionGrace how long after a {@code customer.subscription.deleted} event was created the
 *     deletion on cancel waits for news of another subscription (Stripe redelivers the event
 *     meanwhile); zero decides at once
 */
public record BillingSettings(
    long maxBodyBytes, Duration signatureTolerance, StripeMode mode, Duration deletionGrace) {

  /** Stripe events are a few kilobytes; 1 MiB leaves room for large invoices. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /**
   * One hour: Stripe usually delivers an event within seconds, so the creation of a subscription
   * that began before another one ended has almost always arrived by then.
   */
  public static final Duration DEFAULT_DELETION_GRACE = Duration.ofHours(1);

  public BillingSettings {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    if (signatureTolerance == null
        || signatureTolerance.isNegative()
        || signatureTolerance.isZero()) {
      throw new IllegalArgumentException("signatureTolerance must be positive");
    }
    if (mode == null) {
      throw new IllegalArgumentException("mode is required");
    }
    if (deletionGrace == null || deletionGrace.isNegative()) {
      throw new IllegalArgumentException("deletionGrace must not be negative");
    }
  }

  /** 1 MiB, 300 seconds, live mode, one hour's grace. */
  public static BillingSettings defaults() {
    return new BillingSettings(
        DEFAULT_MAX_BODY_BYTES,
        StripeSignatureVerifier.DEFAULT_TOLERANCE,
        StripeMode.LIVE,
        DEFAULT_DELETION_GRACE);
  }
}
