package dev.airlock.accounts.domain;

import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.tenant.TenantDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code audit export} for one account: its audit trail ({@link AuditTrail}) and its purge
 * receipts, decrypted with its tenant key, as one JSON-lines document the account can read and
 * check. Audit lines come first, in log order, then the receipts in chain order, each exactly as
 * stored (so {@link ReceiptChain#verifyLines} — or {@code sha256sum} by hand — verifies the chain
 * on the exported file).
 *
 * <p>Receipts live at {@code tenants/<id>/receipts/<12-digit sequence>.json} (kind {@value
 * #RECEIPT_KIND}); the chain head beside them is not exported.
 *
 * <p>Failures: {@link dev.airlock.core.crypto.KeyUnavailableException} if the account was
 * crypto-shredded (there is nothing left to export); {@link
 * dev.airlock.core.crypto.InvalidCiphertextException} if a receipt was tampered with; {@link
 * IllegalStateException} if a stored receipt is not a single line of JSON.
 */
public final class TenantAuditExport {
  /** The encryption-context kind of purge receipts. */
  public static final String RECEIPT_KIND = "receipt";

  private static final Pattern RECEIPT_KEY = Pattern.compile("[0-9]{12}\\.json");

  private final StateStore store;
  private final TenantDocuments documents;

  public TenantAuditExport(StateStore store, TenantDocuments documents) {
    if (store == null || documents == null) {
      throw new IllegalArgumentException("a state store and tenant documents are required");
    }
    this.store = store;
    this.documents = documents;
  }

  /**
   * An account's export.
   *
   * @param auditLines the audit trail's JSON lines
   * @param receiptLines the purge receipts, one per line, exactly as stored
   * @param chain the verification of the receipts
   */
  public record Export(
      List<String> auditLines, List<String> receiptLines, ReceiptChain.Verification chain) {
    public Export {
      auditLines = List.copyOf(auditLines);
      receiptLines = List.copyOf(receiptLines);
    }

    /** Writes every line, audit records first, each ending with {@code \n}. */
    public void writeTo(Writer out) {
      try {
        for (String l : auditLines) {
          out.write(l);
          out.write('\n');
        }
        for (String l : receiptLines) {
          out.write(l);
          out.write('\n');
        }
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the audit export", e);
      }
    }
  }

  /** The export of {@code accountId}, with its audit records taken from {@code logLines}. */
  public Export export(String accountId, Iterable<String> logLines) {
    List<String> audit = AuditTrail.forAccount(logLines, accountId);
    String prefix = StateKeys.tenantPrefix(accountId) + "receipts/";
    List<byte[]> receipts = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (String key : store.list(prefix)) {
      if (!RECEIPT_KEY.matcher(key.substring(prefix.length())).matches()) {
        continue;
      }
      byte[] plain =
          documents
              .read(accountId, RECEIPT_KIND, key)
              .orElseThrow(() -> new IllegalStateException("receipt vanished while exporting"))
              .plaintext();
      String line = new String(plain, StandardCharsets.UTF_8);
      if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
        throw new IllegalStateException("a stored receipt is not a single line of JSON");
      }
      receipts.add(plain);
      lines.add(line);
    }
    return new Export(audit, lines, ReceiptChain.verify(receipts));
  }
}
