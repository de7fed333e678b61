package dev.airlock.analyze.port;

import java.util.Map;

/**
 * The account's purge receipts: one per sandbox, in a hash chain a customer can verify. Each
 * receipt is stored at the next sequence number with {@code sequence} and {@code
 * previousReceiptSha256} (SHA-256 hex of the previous receipt's stored plaintext; 64 zeros for the
 * first) added to the given fields. Conditional writes keep the chain linear when jobs of one
 * account finish concurrently.
 */
public interface PurgeReceipts {

  /** Where a receipt was stored, and its SHA-256 (what the next receipt will name). */
  record ReceiptRef(String key, long sequence, String sha256) {}

  /** SHA-256 hex that the first receipt of an account names as its predecessor. */
  String GENESIS = "0".repeat(64);

  /**
   * Appends a receipt with {@code fields} (plain JSON values; identifiers and counts only).
   *
   * @throws dev.airlock.core.state.StateStoreException if it cannot be stored
   * @throws dev.airlock.core.state.ConcurrentUpdateException if every attempt lost a race
   */
  ReceiptRef append(String accountId, Map<String, Object> fields);
}
