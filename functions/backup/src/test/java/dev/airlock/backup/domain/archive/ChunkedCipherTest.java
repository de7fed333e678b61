package dev.airlock.backup.domain.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.backup.domain.archive.ArchiveIntegrityException.Failure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ChunkedCipherTest {
  static final int CHUNK = 1024;
  static final String ID = "20260101T000000Z-0a0b0c0d";
  static final byte[] KEY = key(1);

  static byte[] key(int seed) {
    byte[] k = new byte[32];
    new SplittableRandom(seed).nextBytes(k);
    return k;
  }

  static byte[] plaintext(int length) {
    byte[] p = new byte[length];
    new SplittableRandom(length).nextBytes(p);
    return p;
  }

  static byte[] seal(byte[] plaintext, byte[] key, String id) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SealingOutputStream s = new SealingOutputStream(out, key, id, CHUNK)) {
      s.write(plaintext);
    }
    return out.toByteArray();
  }

  static byte[] open(byte[] sealed, byte[] key, String id) throws IOException {
    try (OpeningInputStream in =
        new OpeningInputStream(new ByteArrayInputStream(sealed), key, id, CHUNK)) {
      return in.readAllBytes();
    }
  }

  static int headerBytes() {
    return ChunkedCipher.header(ID, CHUNK).length;
  }

  static int frameBytes() {
    return ChunkedCipher.FRAME_HEADER_BYTES + CHUNK + ChunkedCipher.TAG_BYTES;
  }

  @Property(tries = 60)
  void open_shouldReturnThePlaintext_forAnyLength(@ForAll @IntRange(min = 0, max = 5000) int length)
      throws IOException {
    byte[] p = plaintext(length);
    assertArrayEquals(p, open(seal(p, KEY, ID), KEY, ID));
  }

  @Test
  void seal_shouldWriteOneChunkPerChunkSize_andAlwaysAFinalOne() throws IOException {
    assertEquals(
        headerBytes() + ChunkedCipher.FRAME_HEADER_BYTES + 16, seal(new byte[0], KEY, ID).length);
    // Exactly two chunks' worth: the second full chunk is the final one, no empty third.
    assertEquals(headerBytes() + 2 * frameBytes(), seal(plaintext(2 * CHUNK), KEY, ID).length);
    assertEquals(
        headerBytes() + 2 * frameBytes() + ChunkedCipher.FRAME_HEADER_BYTES + 1 + 16,
        seal(plaintext(2 * CHUNK + 1), KEY, ID).length);
  }

  @Test
  void open_shouldNameTheChunk_whenOneByteIsFlipped() throws IOException {
    byte[] sealed = seal(plaintext(5 * CHUNK), KEY, ID);
    sealed[headerBytes() + 2 * frameBytes() + 100] ^= 0x01;
    assertFailure(Failure.CHUNK_AUTHENTICATION, 2, sealed, KEY, ID);
  }

  @Test
  void open_shouldRefuse_whenTwoChunksAreSwapped() throws IOException {
    byte[] sealed = seal(plaintext(5 * CHUNK), KEY, ID);
    int a = headerBytes() + frameBytes();
    int b = a + frameBytes();
    byte[] first = Arrays.copyOfRange(sealed, a, b);
    System.arraycopy(sealed, b, sealed, a, frameBytes());
    System.arraycopy(first, 0, sealed, b, frameBytes());
    assertFailure(Failure.CHUNK_AUTHENTICATION, 1, sealed, KEY, ID);
  }

  @Test
  void open_shouldRefuse_whenTruncatedAtAChunkBoundary() throws IOException {
    byte[] sealed = seal(plaintext(5 * CHUNK + 7), KEY, ID);
    byte[] cut = Arrays.copyOf(sealed, headerBytes() + 3 * frameBytes());
    assertFailure(Failure.TRUNCATED, 3, cut, KEY, ID);
  }

  @Test
  void open_shouldRefuse_whenTruncatedInsideAChunk() throws IOException {
    byte[] sealed = seal(plaintext(5 * CHUNK + 7), KEY, ID);
    assertFailure(
        Failure.TRUNCATED, 4, Arrays.copyOf(sealed, headerBytes() + 4 * frameBytes() + 9), KEY, ID);
  }

  @Test
  void open_shouldRefuse_whenTheLastChunkIsMarkedNotFinal() throws IOException {
    byte[] sealed = seal(plaintext(2 * CHUNK + 5), KEY, ID);
    sealed[headerBytes() + 2 * frameBytes()] = ChunkedCipher.NOT_FINAL;
    // Not final and shorter than a chunk: rejected by its frame before any tag is tried.
    assertFailure(Failure.CHUNK_MALFORMED, 2, sealed, KEY, ID);
  }

  @Test
  void open_shouldRefuse_whenAFullChunkIsMarkedFinal() throws IOException {
    byte[] sealed = seal(plaintext(3 * CHUNK), KEY, ID);
    byte[] cut = Arrays.copyOf(sealed, headerBytes() + 2 * frameBytes());
    cut[headerBytes() + frameBytes()] = ChunkedCipher.FINAL;
    assertFailure(Failure.CHUNK_AUTHENTICATION, 1, cut, KEY, ID);
  }

  @Test
  void open_shouldRefuse_whenDataFollowsTheFinalChunk() throws IOException {
    byte[] sealed = seal(plaintext(CHUNK + 3), KEY, ID);
    byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
    assertFailure(Failure.TRAILING_DATA, 1, longer, KEY, ID);
  }

  @Test
  void open_shouldRefuse_anotherKeyOrSnapshot() throws IOException {
    byte[] sealed = seal(plaintext(3 * CHUNK), KEY, ID);
    assertFailure(Failure.CHUNK_AUTHENTICATION, 0, sealed, key(2), ID);
    ArchiveIntegrityException other =
        assertThrows(
            ArchiveIntegrityException.class, () -> open(sealed, KEY, "20260101T000000Z-ffffffff"));
    assertEquals(Failure.WRONG_SNAPSHOT, other.failure());
  }

  @Test
  void open_shouldRefuse_aSplicedChunkFromAnotherSnapshot() throws IOException {
    String otherId = "20260101T000000Z-11111111";
    byte[] mine = seal(plaintext(3 * CHUNK), KEY, ID);
    byte[] theirs = seal(plaintext(3 * CHUNK), KEY, otherId);
    int offset = ChunkedCipher.header(otherId, CHUNK).length + frameBytes();
    System.arraycopy(theirs, offset, mine, headerBytes() + frameBytes(), frameBytes());
    assertFailure(Failure.CHUNK_AUTHENTICATION, 1, mine, KEY, ID);
  }

  @Test
  void open_shouldRefuse_aGarbledHeaderOrHugeChunkLength() throws IOException {
    byte[] sealed = seal(plaintext(100), KEY, ID);
    byte[] badMagic = sealed.clone();
    badMagic[0] = 'X';
    ArchiveIntegrityException e =
        assertThrows(ArchiveIntegrityException.class, () -> open(badMagic, KEY, ID));
    assertEquals(Failure.HEADER_MALFORMED, e.failure());
    byte[] huge = sealed.clone();
    int len = headerBytes() + 1;
    huge[len] = 0x7f;
    assertFailure(Failure.CHUNK_MALFORMED, 0, huge, KEY, ID);
  }

  @Test
  void exception_shouldNameTheChunk_inItsMessage() throws IOException {
    byte[] sealed = seal(plaintext(4 * CHUNK), KEY, ID);
    sealed[headerBytes() + 3 * frameBytes() - 1] ^= 0x40;
    ArchiveIntegrityException e =
        assertThrows(ArchiveIntegrityException.class, () -> open(sealed, KEY, ID));
    assertTrue(e.getMessage().contains("chunk 2"), e.getMessage());
    assertEquals("chunk-authentication", e.failure().code());
  }

  private static void assertFailure(
      Failure failure, long chunk, byte[] sealed, byte[] key, String id) {
    ArchiveIntegrityException e =
        assertThrows(ArchiveIntegrityException.class, () -> open(sealed, key, id));
    assertEquals(failure, e.failure(), e.getMessage());
    assertEquals(chunk, e.chunk(), e.getMessage());
  }
}
