package dev.airlock.aws.secrets;

import dev.airlock.core.secrets.SecretValues;
import dev.airlock.core.secrets.SecretsSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * {@link SecretsSource} on AWS Secrets Manager, cached per warm Lambda for a short TTL (default
 * five minutes) so a webhook burst does not turn into a Secrets Manager burst, and a rotation takes
 * effect within the TTL. The secret's string (or binary, as UTF-8) is parsed by {@link
 * SecretValues}: a JSON array of strings or a comma-separated list.
 *
 * <p>Fails closed: a missing, empty or unreadable secret is empty. Missing and empty answers are
 * cached like values (they are answers); failures (throttling, network, access denied) are not
 * cached, so the next call asks again.
 */
public final class SecretsManagerSecretsSource implements SecretsSource {

  /** Default cache lifetime. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private record Entry(Optional<List<String>> values, Instant expires) {}

  private final SecretsManagerClient client;
  private final Duration ttl;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  public SecretsManagerSecretsSource(SecretsManagerClient client) {
    this(client, DEFAULT_TTL, Clock.systemUTC());
  }

  public SecretsManagerSecretsSource(SecretsManagerClient client, Duration ttl, Clock clock) {
    if (client == null || ttl == null || ttl.isNegative() || clock == null) {
      throw new IllegalArgumentException("a client, a non-negative TTL and a clock are required");
    }
    this.client = client;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public Optional<List<String>> secretList(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Entry cached = cache.get(name);
    if (cached != null && now.isBefore(cached.expires())) {
      return cached.values();
    }
    Optional<List<String>> values;
    try {
      values = parse(client.getSecretValue(b -> b.secretId(name)));
    } catch (ResourceNotFoundException e) {
      values = Optional.empty();
    } catch (SdkException e) {
      return Optional.empty();
    }
    cache.put(name, new Entry(values, now.plus(ttl)));
    return values;
  }

  private static Optional<List<String>> parse(GetSecretValueResponse r) {
    if (r.secretString() != null) {
      return SecretValues.parse(r.secretString());
    }
    if (r.secretBinary() != null) {
      return SecretValues.parse(new String(r.secretBinary().asByteArray(), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }
}
