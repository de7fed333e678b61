package dev.airlock.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class EnvelopeCipherPropertiesTest {

  private static final TestDataKeyProvider KEYS = new TestDataKeyProvider("tenant-a");
  private static final EnvelopeCipher CIPHER = new EnvelopeCipher(KEYS);

  @Property(tries = 1000)
  void decrypt_shouldRejectEnvelope_whenAnySingleBitIsFlipped(
      @ForAll @Size(max = 64) byte[] plaintext,
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    byte[] tampered = CIPHER.encrypt("tenant-a", EnvelopeCipherTest.CONTEXT, plaintext);
    int at = position % tampered.length;
    tampered[at] ^= (byte) (1 << bit);

    assertThrows(
        InvalidCiphertextException.class,
        () -> CIPHER.decrypt(tampered, EnvelopeCipherTest.CONTEXT),
        "bit " + bit + " of byte " + at);
  }

  /** Exhaustive companion of the property above: every bit of one envelope. */
  @net.jqwik.api.Example
  void decrypt_shouldRejectEnvelope_whenEveryBitIsFlippedInTurn() {
    byte[] envelope =
        CIPHER.encrypt(
            "tenant-a",
            EnvelopeCipherTest.CONTEXT,
            "{\"summary\":\"no findings\"}".getBytes(StandardCharsets.UTF_8));
    for (int at = 0; at < envelope.length; at++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = envelope.clone();
        tampered[at] ^= (byte) (1 << bit);
        int a = at;
        int b = bit;
        assertThrows(
            InvalidCiphertextException.class,
            () -> CIPHER.decrypt(tampered, EnvelopeCipherTest.CONTEXT),
            () -> "bit " + b + " of byte " + a);
      }
    }
  }

  @Property(tries = 100)
  void decrypt_shouldReturnPlaintext_forAnyPlaintext(@ForAll @Size(max = 4096) byte[] plaintext) {
    byte[] envelope = CIPHER.encrypt("tenant-a", EnvelopeCipherTest.CONTEXT, plaintext);

    assertArrayEquals(plaintext, CIPHER.decrypt(envelope, EnvelopeCipherTest.CONTEXT));
  }
}
