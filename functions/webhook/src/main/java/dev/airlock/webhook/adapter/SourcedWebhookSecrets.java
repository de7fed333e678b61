package dev.airlock.webhook.adapter;

import dev.airlock.core.message.Provider;
import dev.airlock.core.secrets.SecretsSource;
import dev.airlock.webhook.domain.WebhookSecret;
import dev.airlock.webhook.domain.WebhookSecrets;
import java.util.List;
import java.util.Map;

/**
 * {@link WebhookSecrets} over core's {@link SecretsSource}: each provider's secret is a named
 * secret whose values (comma-separated or a JSON array) are the accepted secrets, current first. A
 * missing or unreadable secret is an empty list, so the webhook fails closed with 503. Caching
 * (TTL) is the source's business.
 */
public final class SourcedWebhookSecrets implements WebhookSecrets {
  private final SecretsSource source;
  private final Map<Provider, String> names;

  public SourcedWebhookSecrets(SecretsSource source, Map<Provider, String> names) {
    this.source = source;
    this.names = Map.copyOf(names);
  }

  @Override
  public List<WebhookSecret> secretsFor(Provider provider) {
    String name = names.get(provider);
    if (name == null || name.isBlank()) {
      return List.of();
    }
    return source.secretList(name).orElse(List.of()).stream()
        .filter(v -> v != null && !v.isBlank())
        .map(WebhookSecret::of)
        .toList();
  }
}
