package dev.airlock.billing.domain;

import java.time.Duration;

/**
 * The billing function's plain settings.
 *
 * @param maxBodyBytes larger bodies are answered 413 before any signature work
 * @param signatureTolerance how old (and how far in the future) a signed timestamp may be
 */
public record BillingSettings(long maxBodyBytes, Duration signatureTolerance) {

  /** Stripe events are a few kilobytes; 1 MiB leaves room for large invoices. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  public BillingSettings {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    if (signatureTolerance == null
        || signatureTolerance.isNegative()
        || signatureTolerance.isZero()) {
      throw new IllegalArgumentException("signatureTolerance must be positive");
    }
  }

  /** 1 MiB, 300 seconds. */
  public static BillingSettings defaults() {
    return new BillingSettings(DEFAULT_MAX_BODY_BYTES, StripeSignatureVerifier.DEFAULT_TOLERANCE);
  }
}
