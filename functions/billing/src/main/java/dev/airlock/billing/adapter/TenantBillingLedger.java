package dev.airlock.billing.adapter;

import dev.airlock.billing.port.BillingLedger;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.state.ConcurrentUpdateException;
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
 */
public final class TenantBillingLedger implements BillingLedger {

  /** Enough for a burst of events for one account; each retry starts from a fresh read. */
  public static final int MAX_ATTEMPTS = 8;

  private final TenantDocuments documents;

  public TenantBillingLedger(TenantDocuments documents) {
    if (documents == null) {
      throw new IllegalArgumentException("tenant documents are required");
    }
    this.documents = documents;
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
