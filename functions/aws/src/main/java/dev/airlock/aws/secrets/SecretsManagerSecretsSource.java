package dev.airlock.aws.secrets;

import dev.airlock.core.secrets.CachingSecretsSource;
import dev.airlock.core.secrets.SecretValues;
import dev.airlock.core.secrets.SecretsSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * {@link SecretsSource} on AWS Secrets Manager ({@code GetSecretValue}), cached per warm Lambda for
 * a short TTL (default five minutes) by {@link CachingSecretsSource}. The secret's string (or
 * binary, as UTF-8) is parsed by {@link SecretValues}: a JSON array of strings or a comma-separated
 * list.
 *
 * <p>Fails closed: a missing ({@code ResourceNotFoundException}), empty or unreadable secret is
 * empty; other failures (throttling, network, access denied) are empty and not cached.
 */
public final class SecretsManagerSecretsSource implements SecretsSource {

  /** Default cache lifetime. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private final CachingSecretsSource cached;

  public SecretsManagerSecretsSource(SecretsManagerClient client) {
    this(client, DEFAULT_TTL, Clock.systemUTC());
  }

  public SecretsManagerSecretsSource(SecretsManagerClient client, Duration ttl, Clock clock) {
    if (client == null) {
      throw new IllegalArgumentException("a Secrets Manager client is required");
    }
    this.cached = new CachingSecretsSource(name -> load(client, name), ttl, clock);
  }

  @Override
  public Optional<List<String>> secretList(String name) {
    return cached.secretList(name);
  }

  private static Optional<String> load(SecretsManagerClient client, String name) {
    GetSecretValueResponse r;
    try {
      r = client.getSecretValue(b -> b.secretId(name));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
    if (r.secretString() != null) {
      return Optional.of(r.secretString());
    }
    if (r.secretBinary() != null) {
      return Optional.of(new String(r.secretBinary().asByteArray(), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }
}
