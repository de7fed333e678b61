package dev.airlock.analyze.adapter.state;

import dev.airlock.analyze.port.JsonCodec;
import dev.airlock.analyze.port.PurgeReceipts;
import dev.airlock.core.crypto.Digests;
import dev.airlock.core.state.ConcurrentUpdateException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.TenantDocuments;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link PurgeReceipts} on {@link TenantDocuments} (kind {@code receipt}, sealed under the
 * account's key).
 *
 * <p>The chain: receipt {@code n} lives at {@link StateKeys#receipt(String, long)} and names the
 * SHA-256 of receipt {@code n-1}'s stored plaintext. A small head document ({@link
 * StateKeys#receiptChainHead}, kind {@code receipt-head}) holds the latest sequence and hash.
 * Appending reads the head, creates receipt {@code head+1} with {@code If-None-Match: *} (the
 * create is what serializes concurrent writers: only one can take a sequence number), then moves
 * the head forward with {@code If-Match}. A writer that finds the next receipt already there (a
 * concurrent writer, or one that crashed before moving the head) moves the head to it and tries the
 * next number. So the chain has no gaps and no forks, and a crash leaves at worst a head one
 * behind, which the next writer repairs.
 */
public final class TenantPurgeReceipts implements PurgeReceipts {
  static final String RECEIPT = "receipt";
  static final String HEAD = "receipt-head";
  private static final int MAX_ATTEMPTS = 20;

  private final TenantDocuments documents;
  private final JsonCodec json;

  public TenantPurgeReceipts(TenantDocuments documents, JsonCodec json) {
    this.documents = documents;
    this.json = json;
  }

  private record Head(long sequence, String sha256, String etag) {}

  @Override
  public ReceiptRef append(String accountId, Map<String, Object> fields) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Head head = readHead(accountId);
      long next = head.sequence() + 1;
      String key = StateKeys.receipt(accountId, next);
      Optional<TenantDocuments.Doc> existing = documents.read(accountId, RECEIPT, key);
      if (existing.isPresent()) {
        advanceHead(accountId, head, next, Digests.sha256Hex(existing.get().plaintext()));
        continue;
      }
      Map<String, Object> receipt = new LinkedHashMap<>();
      receipt.put("sequence", next);
      receipt.put("previousReceiptSha256", head.sha256());
      fields.forEach(receipt::putIfAbsent);
      byte[] bytes = json.write(receipt);
      if (!documents.create(accountId, RECEIPT, key, bytes).written()) {
        continue;
      }
      String sha = Digests.sha256Hex(bytes);
      advanceHead(accountId, head, next, sha);
      return new ReceiptRef(key, next, sha);
    }
    throw new ConcurrentUpdateException(StateKeys.receiptChainHead(accountId), MAX_ATTEMPTS);
  }

  private Head readHead(String accountId) {
    return documents
        .read(accountId, HEAD, StateKeys.receiptChainHead(accountId))
        .map(
            d -> {
              Map<?, ?> m = (Map<?, ?>) json.read(d.plaintext());
              return new Head(
                  ((Number) m.get("sequence")).longValue(), (String) m.get("sha256"), d.etag());
            })
        .orElse(new Head(0, GENESIS, null));
  }

  /** Moves the head to {@code sequence}; losing the race is fine (someone moved it as far). */
  private void advanceHead(String accountId, Head from, long sequence, String sha256) {
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("sequence", sequence);
    head.put("sha256", sha256);
    head.put("key", StateKeys.receipt(accountId, sequence));
    byte[] bytes = json.write(head);
    String key = StateKeys.receiptChainHead(accountId);
    if (from.etag() == null) {
      documents.create(accountId, HEAD, key, bytes);
    } else {
      documents.replace(accountId, HEAD, key, bytes, from.etag());
    }
  }
}
