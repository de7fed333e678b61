package dev.airlock.billing.adapter;

import dev.airlock.core.tenant.TenantKeys;

/**
 * {@link TenantKeys} that only names the account's existing key ({@code alias/airlock/tenant/<id>})
 * and never creates one: the billing function's role may use tenant keys but not create them (the
 * webhook creates an account's key when the account enrolls). If the alias does not exist, or the
 * key is disabled or pending deletion, the first KMS call fails with {@link
 * dev.airlock.core.crypto.KeyUnavailableException}.
 */
public final class AliasTenantKeys implements TenantKeys {

  @Override
  public String ensureKey(String accountId) {
    return TenantKeys.aliasFor(accountId);
  }
}
