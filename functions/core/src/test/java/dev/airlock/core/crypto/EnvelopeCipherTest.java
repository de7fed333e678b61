package dev.airlock.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeCipherTest {

  static final Map<String, String> CONTEXT =
      Map.of("account", "acme", "kind", "results", "object", "tenants/acme/results/1.json");

  private final TestDataKeyProvider keys = new TestDataKeyProvider("tenant-a", "tenant-b");
  private final EnvelopeCipher cipher = new EnvelopeCipher(keys);

  @Test
  void decrypt_shouldReturnPlaintext_whenEnvelopeIsIntact() {
    byte[] plaintext = "{\"findings\":3}".getBytes(StandardCharsets.UTF_8);

    byte[] envelope = cipher.encrypt("tenant-a", CONTEXT, plaintext);

    assertArrayEquals(plaintext, cipher.decrypt(envelope, new HashMap<>(CONTEXT)));
    assertTrue(EnvelopeCipher.looksLikeEnvelope(envelope));
    assertEquals("arn:test:key/tenant-a", EnvelopeCipher.keyIdOf(envelope));
    assertEquals(CONTEXT, EnvelopeCipher.contextOf(envelope));
  }

  @Test
  void decrypt_shouldRoundTripEmptyAndLargePlaintexts() {
    byte[] large = new byte[3 * 1024 * 1024];
    Arrays.fill(large, (byte) 7);

    assertArrayEquals(
        new byte[0], cipher.decrypt(cipher.encrypt("tenant-a", CONTEXT, new byte[0]), CONTEXT));
    assertArrayEquals(large, cipher.decrypt(cipher.encrypt("tenant-a", CONTEXT, large), CONTEXT));
  }

  @Test
  void encrypt_shouldUseFreshKeyAndIv_whenCalledTwiceWithSameInput() {
    byte[] plaintext = "same".getBytes(StandardCharsets.UTF_8);

    byte[] first = cipher.encrypt("tenant-a", CONTEXT, plaintext);
    byte[] second = cipher.encrypt("tenant-a", CONTEXT, plaintext);

    assertFalse(Arrays.equals(first, second));
    assertEquals(2, keys.handedOut.size(), "one data key per envelope");
    assertFalse(Arrays.equals(iv(first), iv(second)));
  }

  @Test
  void encrypt_shouldNotContainPlaintext() {
    byte[] plaintext = "canary-0f1e2d3c4b5a".getBytes(StandardCharsets.UTF_8);

    byte[] envelope = cipher.encrypt("tenant-a", CONTEXT, plaintext);

    assertFalse(new String(envelope, StandardCharsets.ISO_8859_1).contains("canary-0f1e2d3c4b5a"));
  }

  @Test
  void decrypt_shouldFail_whenExpectedContextDiffers() {
    byte[] envelope = cipher.encrypt("tenant-a", CONTEXT, new byte[] {1, 2, 3});
    Map<String, String> other = new HashMap<>(CONTEXT);
    other.put("object", "tenants/acme/results/2.json");

    assertThrows(InvalidCiphertextException.class, () -> cipher.decrypt(envelope, other));
    assertThrows(InvalidCiphertextException.class, () -> cipher.decrypt(envelope, Map.of()));
    assertEquals(1, keys.handedOut.size(), "no key is unwrapped for a context mismatch");
  }

  @Test
  void decrypt_shouldFail_whenEnvelopeIsTruncated() {
    byte[] envelope =
        cipher.encrypt("tenant-a", CONTEXT, "some bytes".getBytes(StandardCharsets.UTF_8));

    for (int len = 0; len < envelope.length; len++) {
      byte[] cut = Arrays.copyOf(envelope, len);
      assertThrows(
          InvalidCiphertextException.class, () -> cipher.decrypt(cut, CONTEXT), "length " + len);
    }
  }

  @Test
  void decrypt_shouldFail_whenBlobIsNullOrForeign() {
    assertThrows(InvalidCiphertextException.class, () -> cipher.decrypt(null, CONTEXT));
    assertThrows(
        InvalidCiphertextException.class,
        () -> cipher.decrypt("{\"plain\":true}".getBytes(StandardCharsets.UTF_8), CONTEXT));
  }

  @Test
  void decrypt_shouldRefuseWithoutAllocating_whenHeaderLengthsAreAbsurd() throws IOException {
    // Every length field at its 16-bit maximum, with nothing behind it.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(EnvelopeCipher.MAGIC);
    out.writeByte(1);
    out.writeShort(0xffff);
    byte[] hostile = bytes.toByteArray();

    InvalidCiphertextException e =
        assertThrows(InvalidCiphertextException.class, () -> cipher.decrypt(hostile, CONTEXT));
    assertTrue(e.getMessage().contains("malformed"));

    byte[] manyEntries = headerWithContextCount(0xffff);
    assertThrows(InvalidCiphertextException.class, () -> cipher.decrypt(manyEntries, CONTEXT));
  }

  @Test
  void decrypt_shouldFail_whenWrappedKeyBelongsToAnotherKeyButHeaderIsSpliced() {
    byte[] a = cipher.encrypt("tenant-a", CONTEXT, "a".getBytes(StandardCharsets.UTF_8));
    byte[] b = cipher.encrypt("tenant-b", CONTEXT, "b".getBytes(StandardCharsets.UTF_8));
    // Splice b's ciphertext behind a's header: same context, different data key.
    int headerA = a.length - (1 + EnvelopeCipher.TAG_BYTES);
    int headerB = b.length - (1 + EnvelopeCipher.TAG_BYTES);
    byte[] spliced = Arrays.copyOf(a, a.length);
    System.arraycopy(b, headerB, spliced, headerA, 1 + EnvelopeCipher.TAG_BYTES);

    assertThrows(InvalidCiphertextException.class, () -> cipher.decrypt(spliced, CONTEXT));
  }

  @Test
  void decryptPinned_shouldFail_whenEnvelopeWasEncryptedUnderAnotherKey() {
    byte[] envelope = cipher.encrypt("tenant-b", CONTEXT, "x".getBytes(StandardCharsets.UTF_8));

    assertThrows(
        InvalidCiphertextException.class,
        () -> cipher.decrypt(envelope, "arn:test:key/tenant-a", CONTEXT));
    assertArrayEquals(
        "x".getBytes(StandardCharsets.UTF_8),
        cipher.decrypt(envelope, "arn:test:key/tenant-b", CONTEXT));
    assertEquals(java.util.List.of("arn:test:key/tenant-b"), keys.unwrapKeyIds);
  }

  @Test
  void encrypt_shouldRecordEachKeyId_whenDifferentKeysAreUsed() {
    byte[] a = cipher.encrypt("tenant-a", CONTEXT, new byte[] {1});
    byte[] b = cipher.encrypt("tenant-b", CONTEXT, new byte[] {1});

    assertNotEquals(EnvelopeCipher.keyIdOf(a), EnvelopeCipher.keyIdOf(b));
    assertArrayEquals(new byte[] {1}, cipher.decrypt(b, CONTEXT));
  }

  @Test
  void decrypt_shouldPassKeyUnavailableThrough_whenMasterKeyIsDisabled() {
    byte[] envelope = cipher.encrypt("tenant-a", CONTEXT, new byte[] {1});
    keys.disable("tenant-a");

    KeyUnavailableException e =
        assertThrows(KeyUnavailableException.class, () -> cipher.decrypt(envelope, CONTEXT));
    assertEquals("DisabledException", e.reason());
    assertThrows(
        KeyUnavailableException.class, () -> cipher.encrypt("tenant-a", CONTEXT, new byte[] {1}));
  }

  @Test
  void encryptAndDecrypt_shouldZeroEveryPlaintextDataKey() {
    byte[] envelope =
        cipher.encrypt("tenant-a", CONTEXT, "secret".getBytes(StandardCharsets.UTF_8));
    cipher.decrypt(envelope, CONTEXT);
    assertThrows(
        InvalidCiphertextException.class,
        () -> cipher.decrypt(envelope, Map.of("account", "other")));

    assertEquals(2, keys.handedOut.size());
    for (byte[] k : keys.handedOut) {
      assertArrayEquals(new byte[32], k, "data key left in memory");
    }
  }

  @Test
  void decrypt_shouldZeroDataKey_whenAuthenticationFails() {
    byte[] envelope =
        cipher.encrypt("tenant-a", CONTEXT, "secret".getBytes(StandardCharsets.UTF_8));
    envelope[envelope.length - 1] ^= 1;

    assertThrows(InvalidCiphertextException.class, () -> cipher.decrypt(envelope, CONTEXT));
    assertEquals(2, keys.handedOut.size());
    assertArrayEquals(new byte[32], keys.handedOut.get(1));
  }

  @Test
  void encrypt_shouldRejectMissingOrOversizedInputs() {
    assertThrows(IllegalArgumentException.class, () -> cipher.encrypt(null, CONTEXT, new byte[0]));
    assertThrows(
        IllegalArgumentException.class, () -> cipher.encrypt("tenant-a", null, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> cipher.encrypt("tenant-a", CONTEXT, null));
    Map<String, String> huge = Map.of("k", "v".repeat(EnvelopeCipher.MAX_CONTEXT_STRING_BYTES + 1));
    assertThrows(
        IllegalArgumentException.class, () -> cipher.encrypt("tenant-a", huge, new byte[0]));
    assertTrue(keys.handedOut.isEmpty(), "no key generated for invalid input");
  }

  @Test
  void decrypt_shouldCompareContextExactly_notByCanonicalOrderOfInsertion() {
    Map<String, String> ordered = new java.util.LinkedHashMap<>();
    ordered.put("z", "1");
    ordered.put("a", "2");
    byte[] envelope = cipher.encrypt("tenant-a", ordered, new byte[] {9});

    assertArrayEquals(new byte[] {9}, cipher.decrypt(envelope, Map.of("a", "2", "z", "1")));
  }

  private static byte[] iv(byte[] envelope) {
    int ivStart = envelope.length - EnvelopeCipher.TAG_BYTES - 4 - EnvelopeCipher.IV_BYTES;
    return Arrays.copyOfRange(envelope, ivStart, ivStart + EnvelopeCipher.IV_BYTES);
  }

  private static byte[] headerWithContextCount(int count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(EnvelopeCipher.MAGIC);
    out.writeByte(1);
    out.writeShort(3);
    out.write(new byte[] {'k', 'e', 'y'});
    out.writeShort(3);
    out.write(new byte[] {1, 2, 3});
    out.writeShort(count);
    return bytes.toByteArray();
  }
}
