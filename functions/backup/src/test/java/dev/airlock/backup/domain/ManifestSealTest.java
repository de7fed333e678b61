package dev.airlock.backup.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.json.Json;
import dev.airlock.core.json.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ManifestSealTest {
  private static final byte[] KEY = key(1);

  private static byte[] key(int seed) {
    byte[] k = new byte[32];
    new SplittableRandom(seed).nextBytes(k);
    return k;
  }

  private static Manifest sealed() {
    Manifest m = ManifestTest.manifest(Manifest.FORMAT_VERSION, "a".repeat(64));
    return m.withMac(ManifestSeal.tag(m, KEY));
  }

  @Test
  void hkdf_shouldMatchRfc5869_testCase3() {
    // RFC 5869 A.3: SHA-256, IKM = 22 x 0x0b, no salt, no info; the first 32 bytes of the OKM.
    byte[] ikm = new byte[22];
    Arrays.fill(ikm, (byte) 0x0b);
    assertArrayEquals(
        HexFormat.of().parseHex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"),
        ManifestSeal.hkdf(ikm, new byte[0]));
  }

  @Test
  void verifies_shouldAcceptTheTag_onlyUnderItsDataKey() {
    Manifest m = sealed();
    assertTrue(m.sealed());
    assertTrue(ManifestSeal.verifies(m, KEY));
    assertFalse(ManifestSeal.verifies(m, key(2)));
    // It survives the JSON round trip the bucket puts it through.
    assertTrue(ManifestSeal.verifies(Json.read(Json.write(m), Manifest.class), KEY));
  }

  @Test
  void verifies_shouldRefuse_whenAnyFieldChanged() {
    String json = Json.writeString(sealed());
    Manifest m = sealed();
    List<UnaryOperator<String>> changes =
        List.of(
            j -> j.replace(m.plaintextSha256(), "c".repeat(64)),
            j -> j.replace(m.ciphertextSha256(), "c".repeat(64)),
            j -> j.replace("\"objectCount\":3", "\"objectCount\":4"),
            j -> j.replace("\"chunkCount\":1", "\"chunkCount\":2"),
            j -> j.replace("\"ciphertextBytes\":300", "\"ciphertextBytes\":301"),
            j -> j.replace("\"archiveVersionId\":\"v1\"", "\"archiveVersionId\":\"v2\""),
            j -> j.replace("\"sourceBucket\":\"airlock-state\"", "\"sourceBucket\":\"other\""),
            j -> j.replace("\"archiveChecksum\":\"abc=-1\"", "\"archiveChecksum\":\"abd=-1\""));
    for (UnaryOperator<String> change : changes) {
      String changed = change.apply(json);
      assertFalse(changed.equals(json), "the change applies: " + changed);
      Manifest read = Json.read(changed.getBytes(StandardCharsets.UTF_8), Manifest.class);
      assertFalse(ManifestSeal.verifies(read, KEY), changed);
    }
  }

  @Test
  void verifies_shouldRefuse_aSealedFormatWithoutTag() {
    Manifest m = ManifestTest.manifest(Manifest.FORMAT_VERSION, "a".repeat(64));
    assertFalse(ManifestSeal.verifies(m, KEY));
  }

  @Test
  void manifest_shouldRefuse_aTagOnTheUnsealedFormat_orAMalformedTag() {
    Manifest unsealed = ManifestTest.manifest("a".repeat(64));
    String tag = ManifestSeal.tag(unsealed, KEY);
    assertThrows(IllegalArgumentException.class, () -> unsealed.withMac(tag));
    String json = Json.writeString(sealed());
    String bad = json.replace(sealed().manifestMac(), "AAAA");
    assertThrows(MalformedJsonException.class, () -> Json.read(bad, Manifest.class));
    assertEquals(32, java.util.Base64.getDecoder().decode(sealed().manifestMac()).length);
  }
}
