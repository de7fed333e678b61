package dev.airlock.webhook.domain;

import dev.airlock.core.message.Provider;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StateStoreException;
import dev.airlock.core.tenant.DeletedAccounts;
import dev.airlock.core.tenant.TenantDocuments;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates Airlock account profiles ({@code StateKeys.accountProfile(id)}) when an account first
 * appears: a GitHub App installation or an operator's enrollment. Creating the profile is what
 * creates the account's tenant key: the profile is a tenant document (kind {@value #KIND}), sealed
 * under that key like everything else stored about the account, so deleting the account
 * crypto-shreds its profile too. Creation is a conditional create, so an existing profile is never
 * overwritten and two racing deliveries create it once; an existing profile costs one read and no
 * KMS call.
 *
 * <p>The profile holds identifiers only (account id, provider, the host's account id, status,
 * creation time); no name, e-mail or other personal data.
 *
 * <p>A deleted account (one with a deletion tombstone, {@link DeletedAccounts}) is never created
 * again: {@link #ensureAccount} throws {@link AccountDeletedException}, and nothing is written and
 * no key is made.
 */
public final class AccountDirectory {
  /** The encryption-context kind of account profiles. */
  public static final String KIND = "account";

  private final StateStore store;
  private final TenantDocuments documents;
  private final DeletedAccounts deleted;
  private final JsonCodec json;

  public AccountDirectory(
      StateStore store, TenantDocuments documents, DeletedAccounts deleted, JsonCodec json) {
    this.store = store;
    this.documents = documents;
    this.deleted = deleted;
    this.json = json;
  }

  /** Whether {@code accountId} was deleted (its id is closed for good). */
  public boolean isDeleted(String accountId) {
    return deleted.isDeleted(accountId);
  }

  /**
   * Creates the profile of {@code accountId} (and with it the account's tenant key) unless it
   * exists.
   *
   * @param hostAccountId the code host's id of the user or organization, or null if unknown
   * @return true if this call created it
   * @throws AccountDeletedException if the account was deleted
   * @throws IllegalArgumentException if {@code accountId} is not a valid account id
   * @throws StateStoreException if the store fails
   * @throws dev.airlock.core.crypto.KeyUnavailableException if the account's key is disabled or
   *     pending deletion
   * @throws dev.airlock.core.crypto.KeyServiceException if KMS fails
   */
  public boolean ensureAccount(
      String accountId, Provider provider, String hostAccountId, Instant now) {
    String key = StateKeys.accountProfile(accountId);
    if (deleted.isDeleted(accountId)) {
      throw new AccountDeletedException();
    }
    if (store.get(key).isPresent()) {
      return false;
    }
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("version", 1);
    profile.put("accountId", StateKeys.account(accountId));
    profile.put("provider", provider.wireName());
    if (hostAccountId != null) {
      profile.put("hostAccountId", hostAccountId);
    }
    profile.put("status", "active");
    profile.put("createdAt", now.toString());
    return documents.create(accountId, KIND, key, json.write(profile)).written();
  }
}
