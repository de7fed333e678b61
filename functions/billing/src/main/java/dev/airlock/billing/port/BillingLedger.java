package dev.airlock.billing.port;

import dev.airlock.core.billing.BillingDocument;
import java.util.Optional;
import java.util.function.Function;

/**
 * Accounts' billing documents, stored encrypted under each account's tenant key, changed only by
 * optimistic read-modify-write ({@code If-None-Match: *} to create, {@code If-Match: <etag>} to
 * replace, a lost race retried from a fresh read).
 *
 * <p>Failures: {@link dev.airlock.core.crypto.KeyUnavailableException} if the account's tenant key
 * is missing, disabled or pending deletion; {@link
 * dev.airlock.core.state.ConcurrentUpdateException} if every attempt lost a race; {@link
 * dev.airlock.core.state.SensitiveDataRefusedException} if the document would carry card data;
 * {@link dev.airlock.core.state.StateStoreException} and {@link
 * dev.airlock.core.crypto.KeyServiceException} for outages.
 */
public interface BillingLedger {

  /** The account's document, or empty. */
  Optional<BillingDocument> read(String accountId);

  /**
   * Applies {@code change} to the account's current document (empty if none) and stores the result.
   *
   * @param change a pure function (it may run several times) returning the new document, or empty
   *     (or the document it was given) to leave the stored one as it is
   * @return the document now stored (empty if there is none)
   */
  Optional<BillingDocument> update(
      String accountId, Function<Optional<BillingDocument>, Optional<BillingDocument>> change);
}
