package dev.airlock.accounts.domain;

import dev.airlock.core.crypto.Digests;
import dev.airlock.core.json.Json;
import dev.airlock.core.json.MalformedJsonException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies an account's chain of purge receipts (one per analysis sandbox, written by the analyze
 * function). The contract every receipt follows:
 *
 * <ul>
 *   <li>it is a JSON object with {@code sequence} (1, 2, 3, ... without gaps) and {@code
 *       previousReceiptSha256};
 *   <li>{@code previousReceiptSha256} is the lower-case hex SHA-256 of the previous receipt's exact
 *       bytes as stored (its canonical form is the stored form: nothing is re-serialized), and
 *       {@value #GENESIS_DESCRIPTION} for the first.
 * </ul>
 *
 * So changing, removing, inserting or reordering any receipt breaks every link after it. The
 * exported receipts are those exact bytes, one per line, which lets anyone check the chain without
 * Airlock: {@code sha256sum} of a line (without its newline) must equal the next line's {@code
 * previousReceiptSha256}.
 */
public final class ReceiptChain {
  /** What the first receipt names as its predecessor: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  static final String GENESIS_DESCRIPTION = "64 zeros";

  private ReceiptChain() {}

  /**
   * The outcome of a verification.
   *
   * @param valid whether every link holds
   * @param receipts how many receipts were checked
   * @param headSha256 SHA-256 of the last receipt (what the next one will name), or null for none
   * @param brokenAt the 1-based position of the first receipt that breaks the chain, or null
   * @param problem {@code malformed}, {@code sequence-gap} or {@code hash-mismatch}, or null
   */
  @Serdeable
  public record Verification(
      boolean valid,
      long receipts,
      @Nullable String headSha256,
      @Nullable Long brokenAt,
      @Nullable String problem) {}

  /** The two fields the chain consists of; the rest of a receipt is not read. */
  @Serdeable
  record Link(@Nullable Long sequence, @Nullable String previousReceiptSha256) {}

  /** Verifies receipts given as their stored bytes, in chain order. */
  public static Verification verify(List<byte[]> receipts) {
    String previous = GENESIS;
    long position = 0;
    for (byte[] receipt : receipts) {
      position++;
      Link link;
      try {
        link = Json.read(receipt, Link.class);
      } catch (MalformedJsonException e) {
        return broken(position, "malformed");
      }
      if (link.sequence() == null || link.previousReceiptSha256() == null) {
        return broken(position, "malformed");
      }
      if (link.sequence() != position) {
        return broken(position, "sequence-gap");
      }
      if (!link.previousReceiptSha256().equals(previous)) {
        return broken(position, "hash-mismatch");
      }
      previous = Digests.sha256Hex(receipt);
    }
    return new Verification(true, position, position == 0 ? null : previous, null, null);
  }

  /**
   * Verifies the receipts among exported JSON lines (the lines that mention {@code
   * previousReceiptSha256}; audit lines are skipped), each taken as its UTF-8 bytes without the
   * line break. A removed last receipt is only visible against the chain head: compare {@link
   * Verification#receipts()} and {@link Verification#headSha256()} with what the account expects.
   */
  public static Verification verifyLines(Iterable<String> lines) {
    List<byte[]> receipts = new ArrayList<>();
    for (String line : lines) {
      // Selected by text, not by parsing: a receipt line damaged so that it no longer parses must
      // fail the verification, not silently drop out of the chain.
      if (line != null && line.contains("\"previousReceiptSha256\"")) {
        receipts.add(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    return verify(receipts);
  }

  private static Verification broken(long position, String problem) {
    return new Verification(false, position, null, position, problem);
  }
}
