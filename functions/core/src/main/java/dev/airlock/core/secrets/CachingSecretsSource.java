package dev.airlock.core.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SecretsSource} that asks a {@link Loader} for a secret's raw value at most once per TTL
 * and parses it with {@link SecretValues}. Meant for a warm Lambda: a burst of webhooks costs one
 * lookup, and a rotated secret is picked up within the TTL.
 *
 * <p>Fails closed: a missing or empty secret is empty, and that answer is cached like a value; a
 * loader failure (outage, throttling, access denied) is empty too but not cached, so the next call
 * asks again. Thread-safe; concurrent misses may load twice, which is harmless.
 */
public final class CachingSecretsSource implements SecretsSource {

  /** Fetches a secret's raw stored value. */
  @FunctionalInterface
  public interface Loader {
    /**
     * The raw value of secret {@code name}, or empty if it does not exist.
     *
     * @throws RuntimeException if the secret store cannot answer now
     */
    Optional<String> load(String name);
  }

  private record Entry(Optional<List<String>> values, Instant expires) {}

  private final Loader loader;
  private final Duration ttl;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  public CachingSecretsSource(Loader loader, Duration ttl, Clock clock) {
    if (loader == null || ttl == null || ttl.isNegative() || clock == null) {
      throw new IllegalArgumentException("a loader, a non-negative TTL and a clock are required");
    }
    this.loader = loader;
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
      Optional<String> raw = loader.load(name);
      values = raw == null ? Optional.empty() : raw.flatMap(SecretValues::parse);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    cache.put(name, new Entry(values, now.plus(ttl)));
    return values;
  }
}
