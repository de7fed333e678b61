package dev.airlock.accounts.domain;

import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.json.Json;
import dev.airlock.core.state.StateKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's own audit trail, cut from the audit log: every record whose {@code ids.accountId} is
 * the account (webhooks accepted or ignored, jobs, tokens minted and revoked, analyses, purges,
 * billing changes, its deletion), as the JSON lines they were written, in log order.
 *
 * <p>Input is log text, one event per line: the functions' standard output as CloudWatch Logs (or
 * the local stack's log files) hold it. A line counts if, from its first {@code {}, it parses as an
 * {@link AuditRecord}; anything else (framework log lines, records of other accounts, records
 * without an account, malformed lines) is left out. Records never carry secrets ({@link
 * dev.airlock.core.audit.JsonLinesAuditLog} refuses them), so a filtered line can be handed to the
 * account as it is.
 */
public final class AuditTrail {
  /** The {@code ids} entry that names the account a record is about. */
  public static final String ACCOUNT_ID = "accountId";

  private AuditTrail() {}

  /**
   * The account's audit records among {@code lines}, as JSON (each the record's text exactly as
   * logged, without any prefix before it on the line).
   */
  public static List<String> forAccount(Iterable<String> lines, String accountId) {
    StateKeys.account(accountId);
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String json = recordText(line);
      if (json == null) {
        continue;
      }
      AuditRecord r;
      try {
        r = Json.read(json, AuditRecord.class);
      } catch (IllegalArgumentException notARecord) {
        continue;
      }
      if (accountId.equals(r.ids().get(ACCOUNT_ID))) {
        out.add(json);
      }
    }
    return out;
  }

  /** The JSON object on a line: from its first brace to its last, or null. */
  private static String recordText(String line) {
    if (line == null) {
      return null;
    }
    int start = line.indexOf('{');
    int end = line.lastIndexOf('}');
    if (start < 0 || end < start) {
      return null;
    }
    return line.substring(start, end + 1);
  }
}
