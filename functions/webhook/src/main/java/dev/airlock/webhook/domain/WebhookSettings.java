package dev.airlock.webhook.domain;

import java.time.Duration;

/**
 * Plain settings of the webhook domain, made from configuration at the composition root.
 *
 * @param maxBodyBytes larger bodies are refused with 413 before anything else is done (default 6
 *     MiB, the Lambda synchronous payload limit)
 * @param signatureTolerance how far a signed timestamp may be from now (Standard Webhooks)
 * @throws IllegalArgumentException if a value is out of range
 */
public record WebhookSettings(long maxBodyBytes, Duration signatureTolerance) {
  public static final long DEFAULT_MAX_BODY_BYTES = 6L * 1024 * 1024;
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  public WebhookSettings {
    if (maxBodyBytes <= 0 || maxBodyBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxBodyBytes is out of range");
    }
    if (signatureTolerance == null
        || signatureTolerance.isNegative()
        || signatureTolerance.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("signatureTolerance must be between 0 and 1 hour");
    }
  }

  public static WebhookSettings defaults() {
    return new WebhookSettings(DEFAULT_MAX_BODY_BYTES, DEFAULT_TOLERANCE);
  }
}
