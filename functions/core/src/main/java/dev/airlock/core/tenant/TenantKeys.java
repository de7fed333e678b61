package dev.airlock.core.tenant;

/**
 * Per-account KMS keys: one multi-region key per account ({@code alias/airlock/tenant/<id>}),
 * replicated to the replica region, rotation on. Everything stored about an account is encrypted
 * under data keys from it, so disabling it crypto-shreds the account everywhere at once.
 *
 * <p>Implementations are idempotent and safe under concurrent first use (two functions creating the
 * same account's key end with one alias target). They throw {@link
 * dev.airlock.core.crypto.KeyUnavailableException} if the account's key exists but is disabled or
 * pending deletion: a shredded account never silently gets a fresh key.
 */
public interface TenantKeys {

  /** The alias prefix every tenant key's alias starts with. */
  String ALIAS_PREFIX = "alias/airlock/tenant/";

  /** {@code alias/airlock/tenant/<accountId>} for a valid account id. */
  static String aliasFor(String accountId) {
    return ALIAS_PREFIX + dev.airlock.core.state.StateKeys.account(accountId);
  }

  /**
   * Returns the account's key (creating it, its alias and its replica on first need).
   *
   * @return the key id to encrypt under (an alias or ARN)
   * @throws dev.airlock.core.crypto.KeyUnavailableException if the key is disabled or pending
   *     deletion (the account was deleted)
   */
  String ensureKey(String accountId);
}
