package dev.airlock.billing.adapter;

import dev.airlock.billing.port.BillingLedger;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.state.ConcurrentUpdateException;
import dev.airlock.core.state.GuardedStateStore;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.WriteResult;
import dev.airlock.core.tenant.TenantDocuments;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link BillingLedger} on core's {@link TenantDocuments}: each account's document at {@link
 * StateKeys#billing(String)}, sealed under the account's tenant key (kind {@value
 * BillingDocument#KIND}), updated by read-modify-write with {@code If-None-Match: *} / {@code
 * If-Match} and a fresh read after every lost race.
 *
 * <p>Before sealing, every plaintext passes the state store's guard ({@link
 * GuardedStateStore#checkPlaintext}): the guard cannot see inside ciphertext, and this document is
 * built from outside input, so card data or a secret in it is refused (and audited) here.
 */
public final class TenantBillingLedger implements BillingLedger {

  /** Enough for a burst of events for one account; each retry starts from a fresh read. */
  public static final int MAX_ATTEMPTS = 8;

  private final TenantDocuments documents;
  private final GuardedStateStore guard;

  /**
   * @param documents the tenant documents (over {@code guard} or a store behind it)
   * @param guard the guarded state store whose refusal rules apply to the plaintext
   */
  public TenantBillingLedger(TenantDocuments documents, GuardedStateStore guard) {
    if (documents == null || guard == null) {
      throw new IllegalArgumentException(
          "tenant documents and the state store's guard are required");
    }
    this.documents = documents;
    this.guard = guard;
  }

  @Override
  public Optional<BillingDocument> read(String accountId) {
    return BillingDocument.read(documents, accountId);
  }

  @Override
  public Optional<BillingDocument> update(
      String accountId, Function<Optional<BillingDocument>, Optional<BillingDocument>> change) {
    String key = StateKeys.billing(accountId);
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Optional<TenantDocuments.Doc> current = documents.read(accountId, BillingDocument.KIND, key);
      Optional<BillingDocument> before = current.map(d -> BillingDocument.fromJson(d.plaintext()));
      Optional<BillingDocument> after = change.apply(before);
      if (after == null || after.isEmpty() || after.equals(before)) {
        return before;
      }
      byte[] plaintext = after.get().toJson();
      guard.checkPlaintext(key, plaintext);
      WriteResult result =
          current.isEmpty()
              ? documents.create(accountId, BillingDocument.KIND, key, plaintext)
              : documents.replace(
                  accountId, BillingDocument.KIND, key, plaintext, current.get().etag());
      if (result.written()) {
        return after;
      }
    }
    throw new ConcurrentUpdateException(key, MAX_ATTEMPTS);
  }
}
