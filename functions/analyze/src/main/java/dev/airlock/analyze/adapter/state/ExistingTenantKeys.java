package dev.airlock.analyze.adapter.state;

import dev.airlock.core.tenant.TenantKeys;

/**
 * {@link TenantKeys} that never creates a key: it names the account's key by its alias ({@code
 * alias/airlock/tenant/<account>}). The webhook creates tenant keys when an account enrolls; this
 * function only encrypts under them (its role has {@code GenerateDataKey}/{@code Decrypt} on tenant
 * aliases, nothing else). A missing, disabled or deletion-pending key surfaces from KMS on use as
 * {@link dev.airlock.core.crypto.KeyUnavailableException}: a deleted account is never resurrected
 * by a late job.
 */
public final class ExistingTenantKeys implements TenantKeys {
  @Override
  public String ensureKey(String accountId) {
    return TenantKeys.aliasFor(accountId);
  }
}
