package dev.airlock.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.accounts.config.AccountDeletions;
import dev.airlock.accounts.domain.ReceiptChain;
import dev.airlock.accounts.domain.TenantAuditExport;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.state.GuardedStateStore;
import dev.airlock.core.tenant.AccountSettings;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.core.tenant.TenantVault;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Operator commands about one account, against a running stack:
 *
 * <ul>
 *   <li>{@code set-account --endpoints-file F --account ID --delete-on-cancel true|false}: sets the
 *       account's delete-on-cancel setting in its profile (audited as {@code account.settings});
 *   <li>{@code audit-export --endpoints-file F --account ID [--out FILE]}: the account's audit
 *       trail from the stack's audit log ({@code auditLog} of the endpoints file) and its purge
 *       receipts, as JSON lines (to FILE, or standard output); a summary with the chain's
 *       verification goes to standard output with {@code --out}, else to standard error;
 *   <li>{@code verify-receipts --file F}: verifies the purge-receipt chain of an export, prints the
 *       verification (with the chain head), exits 0 only if the chain holds.
 * </ul>
 */
final class AccountCommands {
  private AccountCommands() {}

  static int setAccount(Args a, PrintStream out, PrintStream err) {
    Endpoints e = Endpoints.read(Path.of(a.required("endpoints-file")));
    String account = a.required("account");
    boolean value =
        switch (a.required("delete-on-cancel")) {
          case "true" -> true;
          case "false" -> false;
          default -> throw new Args.UsageException("--delete-on-cancel must be true or false");
        };
    AuditLog audit = e.auditLog();
    try (S3Client s3 = e.s3();
        KmsClient kms = e.kms()) {
      GuardedStateStore store =
          new GuardedStateStore(
              new S3StateStore(s3, e.bucket("StateBucket"), e.keyId("StateKey")), audit);
      // The account's existing key only: a setting never creates an account or its key.
      TenantKeys existingOnly = TenantKeys::aliasFor;
      AccountSettings settings =
          new AccountSettings(
              new TenantDocuments(
                  store, new TenantVault(new KmsDataKeyProvider(kms), existingOnly)));
      boolean changed = settings.setDeleteOnCancel(account, value);
      audit.record(
          new AuditRecord(
              Instant.now(),
              "account.settings",
              "accepted",
              changed ? "delete-on-cancel-set" : "unchanged",
              Map.of("accountId", account, "deleteOnCancel", Boolean.toString(value))));
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("account", account);
      result.put(AccountSettings.DELETE_ON_CANCEL, value);
      result.put("changed", changed);
      out.println(new ObjectMapper().writeValueAsString(result));
      return 0;
    } catch (IllegalArgumentException | IllegalStateException bad) {
      err.println("set-account refused: " + bad.getMessage());
      return 1;
    } catch (Exception failed) {
      err.println("set-account failed: " + Errors.describe(failed));
      return 1;
    }
  }

  static int auditExport(Args a, PrintStream out, PrintStream err) {
    Endpoints e = Endpoints.read(Path.of(a.required("endpoints-file")));
    String account = a.required("account");
    Path logFile = Path.of(e.get("auditLog"));
    try (ApplicationContext ctx = e.functionContext("accounts")) {
      List<String> logLines;
      try {
        logLines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      } catch (NoSuchFileException none) {
        logLines = List.of();
      }
      TenantAuditExport.Export export =
          AccountDeletions.auditExport(ctx.getBean(AccountDeletions.Resources.class))
              .export(account, logLines);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("account", account);
      summary.put("auditRecords", export.auditLines().size());
      summary.put("receipts", export.receiptLines().size());
      summary.put("chain", export.chain());
      String summaryLine = new ObjectMapper().writeValueAsString(summary);
      if (a.opt("out").isPresent()) {
        Path target = Path.of(a.opt("out").get());
        try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
          export.writeTo(w);
        }
        summary.put("out", target.toAbsolutePath().toString());
        out.println(new ObjectMapper().writeValueAsString(summary));
      } else {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        export.writeTo(w);
        err.println(summaryLine);
      }
      return 0;
    } catch (IllegalArgumentException bad) {
      err.println("audit-export refused: " + bad.getMessage());
      return 1;
    } catch (Exception failed) {
      err.println("audit-export failed: " + Errors.describe(failed));
      return 1;
    }
  }

  static int verifyReceipts(Args a, PrintStream out, PrintStream err) {
    Path file = Path.of(a.required("file"));
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException ex) {
      err.println("verify-receipts failed: cannot read " + file + ": " + Errors.describe(ex));
      return 1;
    }
    ReceiptChain.Verification v = ReceiptChain.verifyLines(lines);
    try {
      out.println(new ObjectMapper().writeValueAsString(v));
    } catch (IOException ex) {
      err.println("verify-receipts failed: " + Errors.describe(ex));
      return 1;
    }
    if (!v.valid()) {
      err.println("receipt chain broken at receipt " + v.brokenAt() + ": " + v.problem());
      return 1;
    }
    return 0;
  }
}
