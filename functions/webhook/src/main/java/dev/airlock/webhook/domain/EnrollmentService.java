package dev.airlock.webhook.domain;

import dev.airlock.core.message.Provider;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StateStoreException;
import dev.airlock.core.state.StoredObject;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Enrolls GitLab and Bitbucket repositories (which have no App installations) into an account: the
 * operator command {@code enroll --provider gitlab|bitbucket --repository PATH --account ID}. Also
 * creates the account's profile if it does not exist yet. Re-enrolling a repository moves it to the
 * given account (the operator's latest word wins), with an {@code If-Match} replace.
 */
public final class EnrollmentService {
  private final StateStore store;
  private final JsonCodec json;
  private final AccountDirectory accounts;
  private final Clock clock;

  public EnrollmentService(
      StateStore store, JsonCodec json, AccountDirectory accounts, Clock clock) {
    this.store = store;
    this.json = json;
    this.accounts = accounts;
    this.clock = clock;
  }

  /**
   * Enrolls {@code repositoryFullName} ({@code group/sub/project} or {@code workspace/repo}).
   *
   * @throws IllegalArgumentException for GitHub, a malformed repository path or account id
   * @throws AccountDeletedException if the account was deleted (nothing is written)
   * @throws StateStoreException if the store fails or the record keeps changing
   */
  public Enrollment enroll(Provider provider, String repositoryFullName, String accountId) {
    return enroll(provider, repositoryFullName, accountId, null);
  }

  /**
   * As {@link #enroll(Provider, String, String)}, pinning the clone URL ({@code null} to use the
   * one the payload names).
   */
  public Enrollment enroll(
      Provider provider, String repositoryFullName, String accountId, String cloneUrl) {
    Enrollment enrollment =
        new Enrollment(provider, repositoryFullName, accountId, cloneUrl, clock.instant());
    accounts.ensureAccount(accountId, provider, null, enrollment.enrolledAt());
    String key = Enrollment.key(provider, repositoryFullName);
    byte[] bytes = json.write(enrollment.toJson());
    for (int attempt = 0; attempt < InstallationDirectory.MAX_ATTEMPTS; attempt++) {
      Optional<StoredObject> current = store.get(key);
      boolean written =
          current.isPresent()
              ? store.replaceIfMatch(key, bytes, current.get().etag(), Map.of()).written()
              : store.createIfAbsent(key, bytes, Map.of()).written();
      if (written) {
        return enrollment;
      }
    }
    throw new StateStoreException("enrollment kept changing; giving up");
  }

  /** The enrollment of {@code repositoryFullName} at {@code provider}, if any. */
  public Optional<Enrollment> find(Provider provider, String repositoryFullName) {
    return store
        .get(Enrollment.key(provider, repositoryFullName))
        .map(o -> Enrollment.fromJson(json.read(o.value())));
  }
}
