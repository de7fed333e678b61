package dev.airlock.backup.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.core.json.Json;
import org.junit.jupiter.api.Test;

class RestoreRequestTest {

  @Test
  void request_shouldDefaultToTheLatestSnapshotFromThePrimary() {
    RestoreRequest r = Json.read("{\"targetPrefix\":\"restore/\"}", RestoreRequest.class);
    assertEquals("latest", r.snapshot());
    assertEquals(BackupRegion.PRIMARY, r.source());
    assertEquals(BackupRegion.PRIMARY, r.target());
  }

  @Test
  void request_shouldRefuse_prefixesThatEscapeOrAreNotDirectories() {
    for (String bad :
        new String[] {"/abs/", "a/../b/", "../", "no-slash", "a//b/", "./x/", "tab\t/"}) {
      assertThrows(
          IllegalArgumentException.class,
          () -> new RestoreRequest("latest", "primary", null, null, bad, false),
          bad);
    }
    assertEquals("", new RestoreRequest(null, null, null, null, "", false).targetPrefix());
    assertEquals("a/b/", new RestoreRequest(null, null, null, null, "a/b/", false).targetPrefix());
  }

  @Test
  void request_shouldRefuse_unknownRegionsAndSnapshotIds() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new RestoreRequest("latest", "mars", null, null, "x/", false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RestoreRequest("yesterday", null, null, null, "x/", false));
  }
}
