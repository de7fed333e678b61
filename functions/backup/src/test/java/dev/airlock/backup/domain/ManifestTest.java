package dev.airlock.backup.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.core.json.Json;
import dev.airlock.core.json.MalformedJsonException;
import java.time.Instant;
import java.util.Base64;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ManifestTest {
  static final String ID = "20260101T120000Z-0a0b0c0d";

  static Manifest manifest(String plaintextSha) {
    return manifest(Manifest.UNSEALED_FORMAT_VERSION, plaintextSha);
  }

  static Manifest manifest(int formatVersion, String plaintextSha) {
    return new Manifest(
        formatVersion,
        ID,
        "snapshots",
        Instant.parse("2026-01-01T12:00:00Z"),
        Instant.parse("2026-01-01T11:59:59.5Z"),
        Instant.parse("2026-01-01T12:00:03Z"),
        null,
        "airlock-state",
        3,
        10,
        200,
        plaintextSha,
        300,
        "b".repeat(64),
        "abc=-1",
        "v1",
        "none",
        1024,
        1,
        Manifest.CIPHER,
        "arn:aws:kms:us-east-1:000000000000:key/mrk-1",
        Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}),
        Manifest.contextFor(ID),
        null);
  }

  @Test
  void json_shouldRoundTrip() {
    Manifest m = manifest("a".repeat(64));
    Manifest back = Json.read(Json.write(m), Manifest.class);
    assertEquals(m, back);
    assertNull(back.previousSnapshotId());
    assertEquals(new SnapshotRef("snapshots", ID), back.ref());
  }

  @Test
  void read_shouldRefuse_aMalformedDigestOrId() {
    String json = Json.writeString(manifest("a".repeat(64)));
    assertThrows(
        MalformedJsonException.class,
        () -> Json.read(json.replace("a".repeat(64), "not-hex"), Manifest.class));
    assertThrows(
        MalformedJsonException.class, () -> Json.read(json.replace(ID, "../../x"), Manifest.class));
    assertThrows(
        MalformedJsonException.class,
        () ->
            Json.read(json.replace("\"formatVersion\":1", "\"formatVersion\":3"), Manifest.class));
  }

  @Test
  void snapshotIds_shouldSortByTime_andParseFromManifestKeys() {
    RandomGenerator r = RandomGenerator.of("L64X128MixRandom");
    String early = SnapshotId.generate(Instant.parse("2026-01-01T12:00:00Z"), r);
    String late = SnapshotId.generate(Instant.parse("2026-01-01T12:00:01Z"), r);
    assertEquals(-1, Integer.signum(early.compareTo(late)));
    assertEquals("202601", SnapshotId.month(early));
    assertEquals(
        new SnapshotRef("monthly", early),
        SnapshotRef.fromManifestKey("monthly/" + early + "/manifest.json"));
    assertNull(SnapshotRef.fromManifestKey("snapshots/" + early + "/archive"));
    assertNull(SnapshotRef.fromManifestKey("other/" + early + "/manifest.json"));
    assertNull(SnapshotRef.fromManifestKey("snapshots/../manifest.json"));
  }
}
