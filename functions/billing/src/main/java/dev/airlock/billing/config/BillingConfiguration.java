package dev.airlock.billing.config;

import dev.airlock.billing.domain.BillingSettings;
import dev.airlock.billing.domain.StripeMode;
import dev.airlock.billing.domain.StripeSignatureVerifier;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code airlock.billing.*}: the billing function's settings. The signing secret's <em>name</em>
 * only: its values come from Secrets Manager when {@code AIRLOCK_STRIPE_WEBHOOK_SECRET_ARN} is set
 * (AWS), else from the environment variable {@code STRIPE_WEBHOOK_SECRET} (or property {@code
 * stripe.webhook.secret}), comma-separated for rotation, newest first.
 */
@ConfigurationProperties("airlock.billing")
public class BillingConfiguration {
  private String secretName = "stripe-webhook-secret";
  private Duration secretsCacheTtl = Duration.ofMinutes(1);
  private long maxBodyBytes = BillingSettings.DEFAULT_MAX_BODY_BYTES;
  private Duration signatureTolerance = StripeSignatureVerifier.DEFAULT_TOLERANCE;
  private String mode = "live";
  private Duration deletionGrace = BillingSettings.DEFAULT_DELETION_GRACE;

  /** Local secret name (default {@code stripe-webhook-secret}: variable STRIPE_WEBHOOK_SECRET). */
  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  /** How long a value read from Secrets Manager is reused (default 1 minute). */
  public Duration getSecretsCacheTtl() {
    return secretsCacheTtl;
  }

  public void setSecretsCacheTtl(Duration secretsCacheTtl) {
    this.secretsCacheTtl = secretsCacheTtl;
  }

  /** Larger bodies are answered 413 (default 1 MiB). */
  public long getMaxBodyBytes() {
    return maxBodyBytes;
  }

  public void setMaxBodyBytes(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Signed timestamps may be this old or this far ahead (default 300 s, Stripe's default). */
  public Duration getSignatureTolerance() {
    return signatureTolerance;
  }

  public void setSignatureTolerance(Duration signatureTolerance) {
    this.signatureTolerance = signatureTolerance;
  }

  /**
   * {@code live} (default, and the template's {@code AIRLOCK_BILLING_MODE}) or {@code test}: only
   * events whose {@code livemode} matches apply; others are answered 200 ignored {@code
   * livemode-mismatch}. Anything else fails the function at start.
   */
  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  /**
   * How long after a {@code customer.subscription.deleted} event was created a deletion on cancel
   * waits (answering 503 so Stripe redelivers) for news of another subscription (default 1 hour;
   * zero decides at once).
   */
  public Duration getDeletionGrace() {
    return deletionGrace;
  }

  public void setDeletionGrace(Duration deletionGrace) {
    this.deletionGrace = deletionGrace;
  }

  /** The domain's plain settings. */
  public BillingSettings toSettings() {
    return new BillingSettings(
        maxBodyBytes, signatureTolerance, StripeMode.fromSetting(mode), deletionGrace);
  }
}
