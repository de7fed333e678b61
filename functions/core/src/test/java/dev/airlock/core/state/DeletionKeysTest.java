package dev.airlock.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.tenant.DeletedAccounts;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where deletions keep their records, and the tombstone that closes a deleted account's id. */
class DeletionKeysTest {

  @Test
  void deletionKeys_shouldLieUnderSystemDeletions_andRefuseInvalidIds() {
    assertEquals("system/deletions/acme.json", StateKeys.deletionCertificate("acme"));
    assertEquals("system/deletions/acme.progress.json", StateKeys.deletionProgress("acme"));
    assertThrows(IllegalArgumentException.class, () -> StateKeys.deletionProgress("../acme"));
  }

  @Test
  void isDeleted_shouldBeTrueOnlyOnceTheDeletionHasStarted() {
    InMemoryStateStore store = new InMemoryStateStore();
    DeletedAccounts deleted = new DeletedAccounts(store);
    assertFalse(deleted.isDeleted("acme"));

    store.createIfAbsent(StateKeys.deletionCertificate("other"), new byte[] {'{', '}'}, Map.of());
    store.createIfAbsent(StateKeys.deletionProgress("acme"), new byte[] {'{', '}'}, Map.of());

    assertTrue(deleted.isDeleted("acme"));
    assertFalse(deleted.isDeleted("other"), "the tombstone is the progress record");
  }
}
