package dev.airlock.webhook.domain;

import dev.airlock.core.message.Provider;
import java.util.List;

/**
 * Port: the secrets currently valid for one code host, current first, then older ones still
 * accepted during a rotation. Read on every request (implementations cache with a short TTL), so a
 * secret removed from the source stops being accepted once the cache expires.
 *
 * <p>An empty list means "not configured": the webhook answers 503 and does nothing (fail closed).
 * Implementations throw {@link SecretsUnavailableException} when the source cannot be read, which
 * is also answered 503 — never treated as "no secret, accept".
 */
public interface WebhookSecrets {

  /** The secrets for {@code provider}; empty when none is configured. */
  List<WebhookSecret> secretsFor(Provider provider);

  /** The secret source could not be read (network, permissions). Carries no secret material. */
  final class SecretsUnavailableException extends RuntimeException {
    public SecretsUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
