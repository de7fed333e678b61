package dev.airlock.webhook.domain;

import java.time.Instant;
import java.util.List;

/**
 * Checks that a webhook request was sent by the code host: over the raw body bytes (never
 * re-serialised JSON), with every comparison in constant time. Each accepts a list of secrets so a
 * rotation can overlap (current first, then older ones).
 *
 * <p>Never throws for any header or body content: malformed input is a {@link
 * Verification.Refused}.
 */
public interface SignatureVerifier {

  /**
   * @param headers the request headers (case-insensitive)
   * @param body the raw body bytes exactly as received
   * @param secrets the configured secrets; empty yields {@link Verification.NotConfigured}
   * @param now the receive time, for schemes with a timestamp tolerance
   */
  Verification verify(Headers headers, byte[] body, List<WebhookSecret> secrets, Instant now);
}
