package dev.airlock.billing.adapter;

import dev.airlock.billing.port.AccountPreferences;
import dev.airlock.core.tenant.AccountSettings;
import dev.airlock.core.tenant.TenantDocuments;

/**
 * {@link AccountPreferences} from the account's profile ({@code tenants/<id>/account.json}),
 * decrypted with the account's existing tenant key; read only, never written by billing.
 */
public final class ProfileAccountPreferences implements AccountPreferences {
  private final AccountSettings settings;

  public ProfileAccountPreferences(TenantDocuments documents) {
    this.settings = new AccountSettings(documents);
  }

  @Override
  public boolean deleteOnCancel(String accountId) {
    return settings.deleteOnCancel(accountId);
  }
}
