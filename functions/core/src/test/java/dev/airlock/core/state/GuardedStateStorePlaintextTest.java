package dev.airlock.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.crypto.TestDataKeyProvider;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantVault;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link GuardedStateStore#checkPlaintext}: the refusal a plain write gets, for a plaintext that is
 * about to be sealed — the store itself only ever sees the ciphertext, which it does not scan.
 */
class GuardedStateStorePlaintextTest {
  private static final String ACCOUNT = "acme";
  private static final String KEY = StateKeys.billing(ACCOUNT);

  private final InMemoryStateStore raw = new InMemoryStateStore();
  private final List<AuditRecord> audit = new ArrayList<>();
  private final GuardedStateStore guarded =
      new GuardedStateStore(raw, new JsonLinesAuditLog(new StringWriter(), audit::add));
  private final TenantDocuments docs =
      new TenantDocuments(
          guarded,
          new TenantVault(new TestDataKeyProvider("tenant-acme"), account -> "tenant-acme"));

  @Test
  void checkPlaintext_shouldRefuseAndAudit_whenPlaintextCarriesACardNumber() {
    byte[] plaintext = "{\"note\":\"4242 4242 4242 4242\"}".getBytes(StandardCharsets.UTF_8);

    SensitiveDataRefusedException e =
        assertThrows(
            SensitiveDataRefusedException.class, () -> guarded.checkPlaintext(KEY, plaintext));

    assertEquals("card-number", e.kind());
    assertEquals(GuardedStateStore.REFUSED_ACTION, audit.get(0).action());
    assertEquals(KEY, audit.get(0).ids().get("key"));
  }

  @Test
  void checkPlaintext_shouldRefuse_whenPlaintextCarriesCardFieldsOrASecret() {
    assertThrows(
        SensitiveDataRefusedException.class,
        () ->
            guarded.checkPlaintext(
                KEY, "{\"exp_month\": 12, \"cvc\": \"123\"}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(
        SensitiveDataRefusedException.class,
        () ->
            guarded.checkPlaintext(
                KEY, "{\"k\":\"sk_live_0123456789abcdefghij\"}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(2, audit.size());
  }

  @Test
  void checkPlaintext_shouldPass_whenPlaintextIsClean() {
    guarded.checkPlaintext(KEY, "{\"status\":\"active\"}".getBytes(StandardCharsets.UTF_8));

    assertEquals(List.of(), audit);
  }

  @Test
  void sealedWrite_shouldNotBeScannedByTheStore_whichIsWhyCallersCheckThePlaintext() {
    byte[] plaintext = "{\"note\":\"4242 4242 4242 4242\"}".getBytes(StandardCharsets.UTF_8);

    docs.create(ACCOUNT, "billing", KEY, plaintext);

    assertTrue(raw.get(KEY).isPresent(), "the envelope passes the store's guard");
    assertEquals(List.of(), audit);
  }
}
