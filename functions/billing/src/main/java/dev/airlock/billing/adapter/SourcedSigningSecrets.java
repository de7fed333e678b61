package dev.airlock.billing.adapter;

import dev.airlock.billing.port.SigningSecrets;
import dev.airlock.core.secrets.SecretsSource;
import java.util.List;

/**
 * {@link SigningSecrets} over core's {@link SecretsSource}: one named secret whose values
 * (comma-separated or a JSON array, newest first) are the accepted signing secrets. Missing or
 * unreadable means empty, so the function fails closed. Caching is the source's business.
 */
public final class SourcedSigningSecrets implements SigningSecrets {
  private final SecretsSource source;
  private final String name;

  public SourcedSigningSecrets(SecretsSource source, String name) {
    if (source == null || name == null || name.isBlank()) {
      throw new IllegalArgumentException("a secrets source and a secret name are required");
    }
    this.source = source;
    this.name = name;
  }

  @Override
  public List<String> current() {
    return source.secretList(name).orElse(List.of()).stream()
        .filter(v -> v != null && !v.isBlank())
        .toList();
  }
}
