package dev.airlock.billing.port;

/**
 * What an account's owner decided about its billing lifecycle, read from the account's profile
 * (tenant-encrypted; see {@link dev.airlock.core.tenant.AccountSettings}).
 *
 * <p>Failures: {@link dev.airlock.core.crypto.KeyUnavailableException} if the account's key is
 * missing or shredded; {@link dev.airlock.core.state.StateStoreException} and {@link
 * dev.airlock.core.crypto.KeyServiceException} for outages.
 */
public interface AccountPreferences {

  /**
   * Whether the account is to be deleted when its subscription is canceled ({@code false} unless it
   * was set explicitly).
   */
  boolean deleteOnCancel(String accountId);
}
