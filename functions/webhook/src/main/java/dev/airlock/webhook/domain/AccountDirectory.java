package dev.airlock.webhook.domain;

import dev.airlock.core.message.Provider;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StateStoreException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates Airlock account profiles ({@code StateKeys.accountProfile(id)}) when an account first
 * appears: a GitHub App installation or an operator's enrollment. Creation is a conditional create,
 * so an existing profile is never overwritten and two racing deliveries create it once.
 *
 * <p>The profile holds identifiers only (account id, provider, the host's account id, status,
 * creation time); no name, e-mail or other personal data.
 */
public final class AccountDirectory {
  private final StateStore store;
  private final JsonCodec json;

  public AccountDirectory(StateStore store, JsonCodec json) {
    this.store = store;
    this.json = json;
  }

  /**
   * Creates the profile of {@code accountId} unless it exists.
   *
   * @param hostAccountId the code host's id of the user or organization, or null if unknown
   * @return true if this call created it
   * @throws IllegalArgumentException if {@code accountId} is not a valid account id
   * @throws StateStoreException if the store fails
   */
  public boolean ensureAccount(
      String accountId, Provider provider, String hostAccountId, Instant now) {
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("version", 1);
    profile.put("accountId", StateKeys.account(accountId));
    profile.put("provider", provider.wireName());
    if (hostAccountId != null) {
      profile.put("hostAccountId", hostAccountId);
    }
    profile.put("status", "active");
    profile.put("createdAt", now.toString());
    return store
        .createIfAbsent(StateKeys.accountProfile(accountId), json.write(profile), Map.of())
        .written();
  }
}
