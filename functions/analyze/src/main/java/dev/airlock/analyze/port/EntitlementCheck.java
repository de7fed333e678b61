package dev.airlock.analyze.port;

/**
 * Whether an account may have a repository analyzed, asked before any token is minted or anything
 * is fetched. The rule is core's {@code dev.airlock.core.billing.Entitlement}: public repositories
 * always; private ones only while the account's subscription is {@code active} or {@code trialing}.
 *
 * <p>Fails closed: an answer of {@code true} needs positive evidence. Anything that says the
 * account may not (or cannot be shown to) be entitled — no billing document, another status, a
 * shredded account, a document that does not decrypt or parse — is {@code false}. A failure that
 * says nothing about the account (the store or key service unreachable) is thrown as the store's or
 * key service's runtime exception, so the job is retried rather than refused.
 */
public interface EntitlementCheck {

  /**
   * @param privateRepository whether the repository is private
   * @return whether to analyze; {@code false} refuses the job with {@code not-entitled}
   * @throws dev.airlock.core.state.StateStoreException if the billing state cannot be read now
   * @throws dev.airlock.core.crypto.KeyServiceException if the key service cannot be used now
   */
  boolean mayAnalyze(String accountId, boolean privateRepository);
}
