package dev.airlock.core.tenant;

import dev.airlock.core.json.Json;
import dev.airlock.core.json.MalformedJsonException;
import dev.airlock.core.state.ConcurrentUpdateException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.WriteResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-account settings kept in the account's profile ({@link StateKeys#accountProfile}, a tenant
 * document of kind {@value #KIND}, sealed under the account's key like everything else stored about
 * it). The webhook creates the profile when the account first appears; settings are fields the
 * operator adds to it later, so a profile without them means every setting's default.
 *
 * <p>Settings:
 *
 * <ul>
 *   <li>{@value #DELETE_ON_CANCEL} (default {@code false}): when Stripe cancels the account's
 *       subscription ({@code customer.subscription.deleted}), the billing function asks the
 *       accounts function to delete the account.
 * </ul>
 *
 * <p>Failures are those of {@link TenantDocuments}: {@link
 * dev.airlock.core.crypto.KeyUnavailableException} for an account whose key is missing or shredded,
 * {@link dev.airlock.core.state.StateStoreException} and {@link
 * dev.airlock.core.crypto.KeyServiceException} for outages.
 */
public final class AccountSettings {

  /** The encryption-context kind of account profiles (the webhook's {@code AccountDirectory}). */
  public static final String KIND = "account";

  /** The profile field of the delete-on-cancel setting. */
  public static final String DELETE_ON_CANCEL = "deleteOnCancel";

  private static final int MAX_ATTEMPTS = 8;

  private final TenantDocuments documents;

  public AccountSettings(TenantDocuments documents) {
    if (documents == null) {
      throw new IllegalArgumentException("tenant documents are required");
    }
    this.documents = documents;
  }

  /**
   * Whether the account is set to be deleted when its subscription is canceled: {@code true} only
   * if its profile exists and says so explicitly; no profile, no field or any other value is {@code
   * false}.
   *
   * @throws dev.airlock.core.crypto.InvalidCiphertextException if the profile was tampered with
   */
  public boolean deleteOnCancel(String accountId) {
    return read(accountId)
        .map(p -> Boolean.TRUE.equals(p.fields().get(DELETE_ON_CANCEL)))
        .orElse(false);
  }

  /**
   * Sets {@value #DELETE_ON_CANCEL}, keeping every other field of the profile as it is (optimistic
   * read-modify-write with {@code If-Match}, retried from a fresh read after a lost race).
   *
   * @return whether the stored profile changed
   * @throws IllegalStateException if the account has no profile (it was never enrolled or
   *     installed, or it was deleted)
   * @throws ConcurrentUpdateException if every attempt lost a race
   */
  public boolean setDeleteOnCancel(String accountId, boolean value) {
    String key = StateKeys.accountProfile(accountId);
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Profile current =
          read(accountId).orElseThrow(() -> new IllegalStateException("account has no profile"));
      if (Boolean.valueOf(value).equals(current.fields().get(DELETE_ON_CANCEL))) {
        return false;
      }
      Map<String, Object> changed = new LinkedHashMap<>(current.fields());
      changed.put(DELETE_ON_CANCEL, value);
      WriteResult result =
          documents.replace(accountId, KIND, key, Json.write(changed), current.etag());
      if (result.written()) {
        return true;
      }
    }
    throw new ConcurrentUpdateException(key, MAX_ATTEMPTS);
  }

  private record Profile(Map<String, Object> fields, String etag) {}

  @SuppressWarnings("unchecked")
  private Optional<Profile> read(String accountId) {
    return documents
        .read(accountId, KIND, StateKeys.accountProfile(accountId))
        .map(
            d -> {
              Map<String, Object> fields;
              try {
                fields = Json.read(d.plaintext(), Map.class);
              } catch (MalformedJsonException e) {
                throw new IllegalStateException("account profile is not JSON");
              }
              return new Profile(fields == null ? Map.of() : fields, d.etag());
            });
  }
}
