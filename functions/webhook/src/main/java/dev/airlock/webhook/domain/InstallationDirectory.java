package dev.airlock.webhook.domain;

import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StateStoreException;
import dev.airlock.core.state.StoredObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitHub App installations in the state store ({@link InstallationRecord}), updated with
 * conditional writes only: a record is created with {@code If-None-Match} and replaced with {@code
 * If-Match}, retried on a lost race, so two deliveries racing for one installation never lose an
 * update.
 *
 * <p><b>Look-ups may be cached per instance</b> for a short time-to-live ({@link #find}; {@code
 * airlock.webhook.installation-cache-ttl}, 5 seconds by default, zero turns it off): every job
 * request of an installation otherwise reads the same record from the store. What the TTL means for
 * revocation: a change this instance applies itself ({@link #apply}) drops its cached record at
 * once; a change it learns of only through the store (the installation deleted or suspended through
 * another instance, the account deleted by the accounts function) is seen within the TTL. Until
 * then jobs may still be enqueued for it, and the analysis function's own look-up of the account is
 * the second gate. Only records that exist are cached, so a new installation is never refused for
 * the TTL; the cache holds at most {@link #MAX_CACHED} records (record contents only: account and
 * repository ids, no secret).
 *
 * <p>Fails with {@link StateStoreException} when the store is unreachable or a race keeps being
 * lost, and with {@link IllegalStateException} when a stored record is corrupt.
 */
public final class InstallationDirectory {
  static final int MAX_ATTEMPTS = 5;

  /** The cache's bound; when full it is emptied (a burst of distinct installations only). */
  static final int MAX_CACHED = 1_024;

  /** The default time a looked-up record is reused by one instance. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(5);

  private final StateStore store;
  private final JsonCodec json;
  private final Clock clock;
  private final Duration cacheTtl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** A record read at {@code readAt}, reused until {@code expiresAt}. */
  private record Cached(InstallationRecord record, Instant readAt, Instant expiresAt) {}

  /** Without a cache: every {@link #find} reads the store. */
  public InstallationDirectory(StateStore store, JsonCodec json) {
    this(store, json, Clock.systemUTC(), Duration.ZERO);
  }

  /**
   * @param cacheTtl how long one instance reuses a record it read (zero: no cache)
   * @throws IllegalArgumentException if {@code cacheTtl} is negative or longer than a minute
   */
  public InstallationDirectory(StateStore store, JsonCodec json, Clock clock, Duration cacheTtl) {
    if (cacheTtl == null
        || cacheTtl.isNegative()
        || cacheTtl.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("installation cache TTL must be between 0 and 1 minute");
    }
    this.store = store;
    this.json = json;
    this.clock = clock;
    this.cacheTtl = cacheTtl;
  }

  /**
   * The record of {@code installationId}, if Airlock has seen it: from this instance's cache if it
   * was read less than the cache TTL ago, else from the store.
   */
  public Optional<InstallationRecord> find(String installationId) {
    if (cacheTtl.isZero()) {
      return read(installationId);
    }
    Instant now = clock.instant();
    Cached hit = cache.get(installationId);
    // A clock that went backwards (readAt after now) does not extend an entry's life.
    if (hit != null && now.isBefore(hit.expiresAt()) && !now.isBefore(hit.readAt())) {
      return Optional.of(hit.record());
    }
    Optional<InstallationRecord> found = read(installationId);
    if (found.isPresent()) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      cache.put(installationId, new Cached(found.get(), now, now.plus(cacheTtl)));
    } else {
      cache.remove(installationId);
    }
    return found;
  }

  private Optional<InstallationRecord> read(String installationId) {
    return store
        .get(StateKeys.githubInstallation(installationId))
        .map(o -> InstallationRecord.fromJson(json.read(o.value())));
  }

  /**
   * Applies an installation event and returns the record as stored afterwards.
   *
   * @throws StateStoreException if the store fails or the update keeps conflicting
   */
  public InstallationRecord apply(ParsedEvent.InstallationChange change, Instant now) {
    // Whatever the outcome, this instance's next look-up reads the store again.
    try {
      return applyToStore(change, now);
    } finally {
      cache.remove(change.installationId());
    }
  }

  private InstallationRecord applyToStore(ParsedEvent.InstallationChange change, Instant now) {
    String key = StateKeys.githubInstallation(change.installationId());
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<StoredObject> current = store.get(key);
      InstallationRecord before =
          current.map(o -> InstallationRecord.fromJson(json.read(o.value()))).orElse(null);
      InstallationRecord after = next(before, change, now);
      if (after == before) {
        return before;
      }
      byte[] bytes = json.write(after.toJson());
      boolean written =
          current.isPresent()
              ? store.replaceIfMatch(key, bytes, current.get().etag(), Map.of()).written()
              : store.createIfAbsent(key, bytes, Map.of()).written();
      if (written) {
        return after;
      }
    }
    throw new StateStoreException("installation record kept changing; giving up");
  }

  private static InstallationRecord next(
      InstallationRecord before, ParsedEvent.InstallationChange change, Instant now) {
    InstallationRecord base =
        before != null
            ? before
            : new InstallationRecord(
                change.installationId(),
                InstallationRecord.githubAccountId(change.hostAccountId()),
                change.hostAccountId(),
                change.appId(),
                change.repositorySelection(),
                List.of(),
                InstallationRecord.Status.ACTIVE,
                now);
    return switch (change.action()) {
      case CREATED ->
          new InstallationRecord(
              change.installationId(),
              InstallationRecord.githubAccountId(change.hostAccountId()),
              change.hostAccountId(),
              change.appId(),
              change.repositorySelection(),
              change.added(),
              InstallationRecord.Status.ACTIVE,
              now);
      case DELETED -> base.withStatus(InstallationRecord.Status.DELETED, now);
      case SUSPENDED ->
          base.status() == InstallationRecord.Status.DELETED
              ? base
              : base.withStatus(InstallationRecord.Status.SUSPENDED, now);
      case UNSUSPENDED ->
          base.status() == InstallationRecord.Status.DELETED
              ? base
              : base.withStatus(InstallationRecord.Status.ACTIVE, now);
      case REPOSITORIES_CHANGED ->
          base.status() == InstallationRecord.Status.DELETED
              ? base
              : base.withRepositories(
                  change.repositorySelection(), change.added(), change.removed(), now);
    };
  }
}
