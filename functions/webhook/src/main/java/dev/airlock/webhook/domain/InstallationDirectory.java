package dev.airlock.webhook.domain;

import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StateStoreException;
import dev.airlock.core.state.StoredObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub App installations in the state store ({@link InstallationRecord}), updated with
 * conditional writes only: a record is created with {@code If-None-Match} and replaced with {@code
 * If-Match}, retried on a lost race, so two deliveries racing for one installation never lose an
 * update.
 *
 * <p>Fails with {@link StateStoreException} when the store is unreachable or a race keeps being
 * lost, and with {@link IllegalStateException} when a stored record is corrupt.
 */
public final class InstallationDirectory {
  static final int MAX_ATTEMPTS = 5;

  private final StateStore store;
  private final JsonCodec json;

  public InstallationDirectory(StateStore store, JsonCodec json) {
    this.store = store;
    this.json = json;
  }

  /** The record of {@code installationId}, if Airlock has seen it. */
  public Optional<InstallationRecord> find(String installationId) {
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
