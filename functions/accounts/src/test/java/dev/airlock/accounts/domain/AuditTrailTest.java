package dev.airlock.accounts.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditTrailTest {

  @Test
  void forAccount_shouldKeepOnlyTheAccountsRecordsAsLogged_whenTheLogMixesAccountsAndNoise() {
    StringWriter log = new StringWriter();
    JsonLinesAuditLog audit = new JsonLinesAuditLog(log);
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    audit.record(
        new AuditRecord(
            t,
            "webhook.received",
            "accepted",
            null,
            Map.of("accountId", "acme", "jobId", "job-1")));
    audit.record(
        new AuditRecord(t, "webhook.received", "accepted", null, Map.of("accountId", "other")));
    audit.record(
        new AuditRecord(t, "backup.snapshot", "succeeded", null, Map.of("snapshot", "s1")));
    audit.record(
        new AuditRecord(t, "token.revoked", "succeeded", null, Map.of("accountId", "acme")));
    String[] lines = log.toString().split("\n");
    List<String> input =
        List.of(
            "2026-03-01 10:00:00,000 WARN  some.Logger - not an audit line",
            lines[0],
            lines[1],
            "{\"accountId\":\"acme\"}",
            "{broken json acme",
            lines[2],
            "2026-03-01T10:00:01Z\tc0ffee\t" + lines[3]);

    List<String> trail = AuditTrail.forAccount(input, "acme");

    assertEquals(List.of(lines[0], lines[3]), trail);
  }

  @Test
  void forAccount_shouldRefuseAnInvalidAccountId() {
    assertThrows(IllegalArgumentException.class, () -> AuditTrail.forAccount(List.of(), "../x"));
  }
}
