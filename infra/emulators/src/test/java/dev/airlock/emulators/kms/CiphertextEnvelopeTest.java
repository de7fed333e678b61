package dev.airlock.emulators.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CiphertextEnvelopeTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final Map<String, String> CONTEXT = Map.of("account", "a-1", "kind", "state");

  private static byte[] material() {
    byte[] m = new byte[32];
    RANDOM.nextBytes(m);
    return m;
  }

  private static byte[] plaintext() {
    return "plaintext".getBytes(StandardCharsets.UTF_8);
  }

  private static void assertInvalidCiphertext(Runnable r) {
    KmsError e = assertThrows(KmsError.class, r::run);
    assertEquals(KmsError.INVALID_CIPHERTEXT, e.code());
  }

  @Test
  void open_shouldReturnThePlaintext_whenKeyAndContextMatch() {
    byte[] material = material();

    byte[] blob = CiphertextEnvelope.seal(KEY_ID, material, CONTEXT, plaintext(), RANDOM);
    CiphertextEnvelope.Parsed parsed = CiphertextEnvelope.parse(blob);

    assertEquals(KEY_ID, parsed.keyId());
    assertArrayEquals(plaintext(), CiphertextEnvelope.open(parsed, material, CONTEXT));
    assertEquals(2 + KEY_ID.length() + 12 + plaintext().length + 16, blob.length);
  }

  @Test
  void seal_shouldUseAFreshIv_whenSealingTheSamePlaintextTwice() {
    byte[] material = material();

    byte[] first = CiphertextEnvelope.seal(KEY_ID, material, CONTEXT, plaintext(), RANDOM);
    byte[] second = CiphertextEnvelope.seal(KEY_ID, material, CONTEXT, plaintext(), RANDOM);

    assertFalse(Arrays.equals(first, second));
  }

  @Test
  void open_shouldFail_whenTheMaterialDiffers() {
    byte[] blob = CiphertextEnvelope.seal(KEY_ID, material(), CONTEXT, plaintext(), RANDOM);

    assertInvalidCiphertext(
        () -> CiphertextEnvelope.open(CiphertextEnvelope.parse(blob), material(), CONTEXT));
  }

  @Test
  void open_shouldFail_whenTheContextDiffersInAnyWay() {
    byte[] material = material();
    byte[] blob = CiphertextEnvelope.seal(KEY_ID, material, CONTEXT, plaintext(), RANDOM);
    CiphertextEnvelope.Parsed parsed = CiphertextEnvelope.parse(blob);

    assertInvalidCiphertext(() -> CiphertextEnvelope.open(parsed, material, Map.of()));
    assertInvalidCiphertext(
        () -> CiphertextEnvelope.open(parsed, material, Map.of("account", "a-1")));
    assertInvalidCiphertext(
        () ->
            CiphertextEnvelope.open(
                parsed, material, Map.of("account", "a-1", "kind", "state", "x", "")));
    assertInvalidCiphertext(
        () -> CiphertextEnvelope.open(parsed, material, Map.of("account", "A-1", "kind", "state")));
  }

  @Test
  void open_shouldFail_whenTheBlobClaimsAnotherKeyIdForTheSameMaterial() {
    byte[] material = material();
    byte[] blob = CiphertextEnvelope.seal(KEY_ID, material, CONTEXT, plaintext(), RANDOM);
    byte[] relabelled = blob.clone();
    relabelled[2] = (byte) (relabelled[2] == '1' ? '2' : '1');

    assertInvalidCiphertext(
        () -> CiphertextEnvelope.open(CiphertextEnvelope.parse(relabelled), material, CONTEXT));
  }

  @Test
  void canonicalContext_shouldNotDependOnInsertionOrder() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");

    assertArrayEquals(
        CiphertextEnvelope.canonicalContext(ab), CiphertextEnvelope.canonicalContext(ba));
  }

  @Test
  void canonicalContext_shouldDistinguishPairsThatConcatenateAlike() {
    assertFalse(
        Arrays.equals(
            CiphertextEnvelope.canonicalContext(Map.of("ab", "c")),
            CiphertextEnvelope.canonicalContext(Map.of("a", "bc"))));
    assertFalse(
        Arrays.equals(
            CiphertextEnvelope.canonicalContext(Map.of("a", "b=c")),
            CiphertextEnvelope.canonicalContext(Map.of("a=b", "c"))));
  }

  @Test
  void parse_shouldRejectEveryTruncationAndAnUnknownVersion() {
    byte[] blob = CiphertextEnvelope.seal(KEY_ID, material(), CONTEXT, plaintext(), RANDOM);

    for (int length = 0; length < 2 + KEY_ID.length() + 12 + 16; length++) {
      byte[] truncated = Arrays.copyOf(blob, length);
      assertInvalidCiphertext(() -> CiphertextEnvelope.parse(truncated));
    }
    byte[] future = blob.clone();
    future[0] = 2;
    assertInvalidCiphertext(() -> CiphertextEnvelope.parse(future));
    assertInvalidCiphertext(() -> CiphertextEnvelope.parse(null));
  }

  @Test
  void openOrParse_shouldFail_whenAnySingleBitIsFlipped() {
    byte[] material = material();
    byte[] blob = CiphertextEnvelope.seal(KEY_ID, material, CONTEXT, plaintext(), RANDOM);

    for (int bit = 0; bit < blob.length * 8; bit++) {
      byte[] tampered = blob.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      assertInvalidCiphertext(
          () -> CiphertextEnvelope.open(CiphertextEnvelope.parse(tampered), material, CONTEXT));
    }
  }

  @Test
  void parse_shouldAcceptMultiRegionKeyIds() {
    String mrk = "mrk-0123456789abcdef0123456789abcdef";
    byte[] blob = CiphertextEnvelope.seal(mrk, material(), Map.of(), plaintext(), RANDOM);

    assertEquals(mrk, CiphertextEnvelope.parse(blob).keyId());
  }
}
