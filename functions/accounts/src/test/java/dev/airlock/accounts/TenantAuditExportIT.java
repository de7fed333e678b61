package dev.airlock.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.accounts.DeletionTestStack.Seeded;
import dev.airlock.accounts.config.AccountDeletions;
import dev.airlock.accounts.domain.ReceiptChain;
import dev.airlock.accounts.domain.TenantAuditExport;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.crypto.Digests;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalAwsExtension.class)
class TenantAuditExportIT {
  private DeletionTestStack stack;
  private TenantAuditExport export;

  @BeforeEach
  void setUp(LocalAws aws) {
    stack = new DeletionTestStack(aws);
    export = AccountDeletions.auditExport(stack.resources());
  }

  private List<String> log(String account, String other) {
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    stack.audit.record(
        new AuditRecord(t, "webhook.received", "accepted", null, Map.of("accountId", account)));
    stack.audit.record(
        new AuditRecord(t, "webhook.received", "accepted", null, Map.of("accountId", other)));
    stack.audit.record(
        new AuditRecord(t, "analysis.completed", "succeeded", null, Map.of("accountId", account)));
    return List.of(stack.auditText.toString().split("\n"));
  }

  @Test
  void export_shouldGiveTheAccountItsAuditLinesAndAVerifiableReceiptChain() {
    Seeded a = stack.seed(DeletionTestStack.newAccount("export"), "s");
    Seeded b = stack.seed(DeletionTestStack.newAccount("export"), "s");

    TenantAuditExport.Export e = export.export(a.account(), log(a.account(), b.account()));

    assertEquals(2, e.auditLines().size());
    assertTrue(e.auditLines().stream().allMatch(l -> l.contains(a.account())));
    assertEquals(2, e.receiptLines().size());
    assertTrue(e.chain().valid());
    assertEquals(2, e.chain().receipts());
    String second = StateKeys.tenantPrefix(a.account()) + "receipts/000000000002.json";
    assertEquals(Digests.sha256Hex(a.current(second)), e.chain().headSha256());
    // The exported file verifies on its own, and by hand: sha256 of line n is named by line n+1.
    StringWriter file = new StringWriter();
    e.writeTo(file);
    List<String> lines = List.of(file.toString().split("\n"));
    assertEquals(4, lines.size());
    assertTrue(ReceiptChain.verifyLines(lines).valid());
    assertTrue(
        lines
            .get(3)
            .contains(
                "\"previousReceiptSha256\":\""
                    + Digests.sha256Hex(lines.get(2).getBytes(StandardCharsets.UTF_8))));
    // Tampering with an exported receipt breaks the chain.
    List<String> tampered = new ArrayList<>(lines);
    tampered.set(2, lines.get(2).replace("\"bytes\":42", "\"bytes\":41"));
    assertFalse(ReceiptChain.verifyLines(tampered).valid());
    assertTrue(Arrays.stream(file.toString().split("\n")).noneMatch(l -> l.contains(b.account())));
  }

  @Test
  void export_shouldFailAsShredded_whenTheAccountsKeyIsDisabled() {
    Seeded a = stack.seed(DeletionTestStack.newAccount("export"), "s");
    String keyId =
        stack
            .aws
            .kms()
            .describeKey(r -> r.keyId(dev.airlock.core.tenant.TenantKeys.aliasFor(a.account())))
            .keyMetadata()
            .keyId();
    stack.aws.kms().disableKey(r -> r.keyId(keyId));

    KeyUnavailableException e =
        assertThrows(KeyUnavailableException.class, () -> export.export(a.account(), List.of()));
    assertEquals("DisabledException", e.reason());
  }
}
