package dev.airlock.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.crypto.TestDataKeyProvider;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardedStateStoreTest {

  private final InMemoryStateStore inner = new InMemoryStateStore();
  private final StringWriter auditOut = new StringWriter();
  private final List<AuditRecord> audited = new ArrayList<>();
  private final GuardedStateStore store =
      new GuardedStateStore(inner, new JsonLinesAuditLog(auditOut, audited::add));

  @Test
  void createIfAbsent_shouldRefuseAndAudit_whenValueHoldsCardNumber() {
    byte[] value = "{\"note\":\"paid with 4242 4242 4242 4242\"}".getBytes(StandardCharsets.UTF_8);

    SensitiveDataRefusedException e =
        assertThrows(
            SensitiveDataRefusedException.class,
            () -> store.createIfAbsent("tenants/acme/billing.json", value, Map.of()));

    assertEquals("card-number", e.kind());
    assertFalse(e.getMessage().contains("4242"));
    assertTrue(inner.objects.isEmpty(), "nothing written");
    assertEquals(1, audited.size());
    assertEquals(GuardedStateStore.REFUSED_ACTION, audited.get(0).action());
    assertEquals("rejected", audited.get(0).outcome());
    assertEquals("card-number", audited.get(0).reason());
    assertEquals("tenants/acme/billing.json", audited.get(0).ids().get("key"));
    assertFalse(auditOut.toString().contains("4242"));
  }

  @Test
  void replaceIfMatch_shouldRefuse_whenJsonHoldsCardFields() throws IOException {
    String etag =
        ((WriteResult.Written)
                store.createIfAbsent("k", "{}".getBytes(StandardCharsets.UTF_8), Map.of()))
            .etag();
    // Cited fixture (shared/fixtures/stripe/objects, see PROVENANCE.md).
    byte[] paymentMethod =
        Files.readAllBytes(
            Path.of(System.getProperty("airlock.fixtures.dir", "../../../shared/fixtures"))
                .resolve("stripe/objects/payment_method.json"));

    assertThrows(
        SensitiveDataRefusedException.class,
        () -> store.replaceIfMatch("k", paymentMethod, etag, Map.of()));
    assertEquals("{}", new String(inner.get("k").orElseThrow().value(), StandardCharsets.UTF_8));
  }

  @Test
  void createIfAbsent_shouldRefuse_whenPlaintextJsonHoldsToken() {
    byte[] value =
        ("{\"token\":\"ghs_" + "a1B2c3D4e5".repeat(4) + "\"}").getBytes(StandardCharsets.UTF_8);

    SensitiveDataRefusedException e =
        assertThrows(
            SensitiveDataRefusedException.class, () -> store.createIfAbsent("k", value, Map.of()));

    assertEquals("github-token", e.kind());
    assertTrue(inner.objects.isEmpty());
  }

  @Test
  void createIfAbsent_shouldStore_whenValueIsOrdinaryJson() {
    byte[] value =
        "{\"sha\":\"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c\",\"at\":1764367200000,\"number\":42}"
            .getBytes(StandardCharsets.UTF_8);

    assertTrue(store.createIfAbsent("k", value, Map.of()).written());
    assertTrue(audited.isEmpty());
  }

  @Test
  void createIfAbsent_shouldStoreEnvelope_whenMetadataMarksItAndMagicMatches() {
    EnvelopeCipher cipher = new EnvelopeCipher(new TestDataKeyProvider("t"));
    Codec<Note> codec = Codecs.encryptedJson(Note.class, cipher, "t", Map.of("object", "k"));
    // Plaintext that the guard would refuse: it is already encrypted, so it is not scanned.
    Note note = new Note("card 4242 4242 4242 4242 mentioned by a user");

    WriteResult result = store.createIfAbsent("k", codec.encode(note), codec.metadata());

    assertTrue(result.written());
    assertEquals(EnvelopeCipher.METADATA, inner.get("k").orElseThrow().metadata());
    assertEquals(note, codec.decode(inner.get("k").orElseThrow().value()));
  }

  @Test
  void createIfAbsent_shouldRefuse_whenPlaintextClaimsToBeEnvelope() {
    byte[] plaintext = "{\"card\":\"4242424242424242\"}".getBytes(StandardCharsets.UTF_8);

    SensitiveDataRefusedException e =
        assertThrows(
            SensitiveDataRefusedException.class,
            () -> store.createIfAbsent("k", plaintext, EnvelopeCipher.METADATA));

    assertEquals("mislabelled-envelope", e.kind());
    assertTrue(inner.objects.isEmpty());
  }

  @Test
  void createIfAbsent_shouldStillCheckCards_whenBytesAreNotUtf8() {
    byte[] value =
        new byte[] {
          (byte) 0xff,
          (byte) 0xfe,
          '4',
          '2',
          '4',
          '2',
          '4',
          '2',
          '4',
          '2',
          '4',
          '2',
          '4',
          '2',
          '4',
          '2',
          '4',
          '2'
        };

    assertThrows(
        SensitiveDataRefusedException.class, () -> store.createIfAbsent("k", value, Map.of()));
  }

  @Test
  void readsListsAndDeletes_shouldPassThrough() {
    store.createIfAbsent("p/a", "{}".getBytes(StandardCharsets.UTF_8), Map.of("m", "1"));

    assertEquals(Map.of("m", "1"), store.get("p/a").orElseThrow().metadata());
    assertEquals(List.of("p/a"), store.list("p/"));
    assertEquals(1, store.deleteAllVersions("p/a"));
    assertTrue(store.get("p/a").isEmpty());
  }

  @Serdeable
  record Note(String text) {}
}
