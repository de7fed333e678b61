package dev.airlock.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.crypto.TestDataKeyProvider;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantVault;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tenant documents get the guard's refusal although the store only ever sees ciphertext. */
class TenantDocumentsGuardTest {
  private static final String ACCOUNT = "acme";
  private static final String KEY = StateKeys.billing(ACCOUNT);

  private final InMemoryStateStore raw = new InMemoryStateStore();
  private final List<AuditRecord> audit = new ArrayList<>();
  private final TenantDocuments docs =
      new TenantDocuments(
          new GuardedStateStore(raw, new JsonLinesAuditLog(new StringWriter(), audit::add)),
          new TenantVault(new TestDataKeyProvider("tenant-acme"), account -> "tenant-acme"));

  @Test
  void create_shouldRefuseAndAudit_whenPlaintextCarriesACardNumber() {
    byte[] plaintext = "{\"note\":\"4242 4242 4242 4242\"}".getBytes(StandardCharsets.UTF_8);

    SensitiveDataRefusedException e =
        assertThrows(
            SensitiveDataRefusedException.class,
            () -> docs.create(ACCOUNT, "billing", KEY, plaintext));

    assertEquals("card-number", e.kind());
    assertTrue(raw.get(KEY).isEmpty(), "nothing stored");
    assertEquals(GuardedStateStore.REFUSED_ACTION, audit.get(0).action());
    assertEquals(KEY, audit.get(0).ids().get("key"));
  }

  @Test
  void replace_shouldRefuse_whenPlaintextCarriesACardField() {
    docs.create(ACCOUNT, "billing", KEY, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    String etag = raw.get(KEY).get().etag();
    byte[] plaintext = "{\"exp_month\": 12, \"cvc\": \"123\"}".getBytes(StandardCharsets.UTF_8);

    assertThrows(
        SensitiveDataRefusedException.class,
        () -> docs.replace(ACCOUNT, "billing", KEY, plaintext, etag));

    assertArrayEquals(
        "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
        docs.read(ACCOUNT, "billing", KEY).get().plaintext());
  }

  @Test
  void create_shouldStoreAnEnvelope_whenPlaintextIsClean() {
    docs.create(
        ACCOUNT, "billing", KEY, "{\"status\":\"active\"}".getBytes(StandardCharsets.UTF_8));

    assertTrue(EnvelopeCipher.looksLikeEnvelope(raw.get(KEY).get().value()));
    assertEquals(List.of(), audit);
  }
}
