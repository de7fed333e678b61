package dev.airlock.backup.domain.archive;

import dev.airlock.backup.domain.archive.ArchiveIntegrityException.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * Decrypts a {@link ChunkedCipher} archive as a stream, one chunk at a time (fixed memory). Each
 * chunk is authenticated before any of its bytes are returned; the stream ends only after the final
 * chunk, and only if nothing follows it.
 *
 * <p>Failures are {@link ArchiveIntegrityException}s (unchecked, thrown from {@code read}) naming
 * the chunk: a bad header or another snapshot's id, a malformed frame, a tag that does not verify
 * (flipped byte, swapped chunks, wrong key), an archive that ends before its final chunk
 * (truncation) or continues after it. I/O failures of the underlying stream stay {@link
 * IOException}s.
 */
public final class OpeningInputStream extends InputStream {
  private final InputStream in;
  private final byte[] key;
  private final byte[] snapshotId;
  private final int chunkBytes;
  private final byte[] sealed;
  private final byte[] plain;
  private int available;
  private int position;
  private long index;
  private boolean done;

  /**
   * Reads and checks the header at once.
   *
   * @param in the sealed archive (closed by {@link #close()})
   * @param key the 256-bit data key (copied, zeroed on close)
   * @param expectedSnapshotId the snapshot the caller expects (from its manifest)
   * @param expectedChunkBytes the chunk size the manifest records
   * @throws ArchiveIntegrityException if the header is malformed or names another snapshot
   */
  public OpeningInputStream(
      InputStream in, byte[] key, String expectedSnapshotId, int expectedChunkBytes)
      throws IOException {
    if (in == null) {
      throw new IllegalArgumentException("input is required");
    }
    ChunkedCipher.requireKey(key);
    ChunkedCipher.requireChunkBytes(expectedChunkBytes);
    this.snapshotId = ChunkedCipher.requireSnapshotId(expectedSnapshotId);
    this.in = in;
    this.key = key.clone();
    this.chunkBytes = expectedChunkBytes;
    readHeader();
    this.sealed = new byte[chunkBytes + ChunkedCipher.TAG_BYTES];
    this.plain = new byte[chunkBytes];
  }

  private void readHeader() throws IOException {
    byte[] fixed = new byte[ChunkedCipher.MAGIC.length + 1 + 2];
    if (in.readNBytes(fixed, 0, fixed.length) != fixed.length) {
      throw new ArchiveIntegrityException(Failure.HEADER_MALFORMED, "archive header is truncated");
    }
    ByteBuffer b = ByteBuffer.wrap(fixed);
    byte[] magic = new byte[ChunkedCipher.MAGIC.length];
    b.get(magic);
    if (!Arrays.equals(magic, ChunkedCipher.MAGIC)
        || (b.get() & 0xff) != ChunkedCipher.FORMAT_VERSION) {
      throw new ArchiveIntegrityException(
          Failure.HEADER_MALFORMED, "not an Airlock snapshot archive");
    }
    int idLength = Short.toUnsignedInt(b.getShort());
    if (idLength == 0 || idLength > ChunkedCipher.MAX_SNAPSHOT_ID_BYTES) {
      throw new ArchiveIntegrityException(Failure.HEADER_MALFORMED, "archive header is malformed");
    }
    byte[] rest = new byte[idLength + 4];
    if (in.readNBytes(rest, 0, rest.length) != rest.length) {
      throw new ArchiveIntegrityException(Failure.HEADER_MALFORMED, "archive header is truncated");
    }
    ByteBuffer r = ByteBuffer.wrap(rest);
    byte[] id = new byte[idLength];
    r.get(id);
    if (!Arrays.equals(id, snapshotId)) {
      throw new ArchiveIntegrityException(
          Failure.WRONG_SNAPSHOT,
          "archive belongs to another snapshot than "
              + new String(snapshotId, StandardCharsets.UTF_8));
    }
    if (r.getInt() != chunkBytes) {
      throw new ArchiveIntegrityException(
          Failure.HEADER_MALFORMED, "archive chunk size differs from the manifest");
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (position == available) {
      if (done) {
        return -1;
      }
      nextChunk();
    }
    int n = Math.min(len, available - position);
    System.arraycopy(plain, position, b, off, n);
    position += n;
    return n;
  }

  /** Chunks authenticated so far. */
  public long chunks() {
    return index;
  }

  /** Whether the final chunk was read and nothing followed it. */
  public boolean complete() {
    return done;
  }

  /** Reads to the end, authenticating every remaining chunk; returns the bytes skipped. */
  public long drain() throws IOException {
    long total = 0;
    byte[] sink = new byte[8192];
    int n;
    while ((n = read(sink, 0, sink.length)) >= 0) {
      total += n;
    }
    return total;
  }

  private void nextChunk() throws IOException {
    int flags = in.read();
    if (flags < 0) {
      throw new ArchiveIntegrityException(
          Failure.TRUNCATED, index, "archive ends before its final chunk");
    }
    if (flags != ChunkedCipher.FINAL && flags != ChunkedCipher.NOT_FINAL) {
      throw new ArchiveIntegrityException(
          Failure.CHUNK_MALFORMED, index, "chunk frame is malformed");
    }
    byte[] len = new byte[4];
    if (in.readNBytes(len, 0, 4) != 4) {
      throw new ArchiveIntegrityException(
          Failure.TRUNCATED, index, "archive is cut inside a chunk");
    }
    int length = ByteBuffer.wrap(len).getInt();
    boolean last = flags == ChunkedCipher.FINAL;
    if (length < 0 || length > chunkBytes || (!last && length != chunkBytes)) {
      throw new ArchiveIntegrityException(
          Failure.CHUNK_MALFORMED, index, "chunk length is out of bounds");
    }
    if (!last) {
      // More than one chunk to open: worth the cipher warm-up, which a one-chunk archive (a small
      // state) would pay for without using (idempotent, once per JVM).
      ChunkedCipher.warmUp();
    }
    int sealedLength = length + ChunkedCipher.TAG_BYTES;
    if (in.readNBytes(sealed, 0, sealedLength) != sealedLength) {
      throw new ArchiveIntegrityException(
          Failure.TRUNCATED, index, "archive is cut inside a chunk");
    }
    try {
      Cipher c = ChunkedCipher.cipher(Cipher.DECRYPT_MODE, key, index);
      c.updateAAD(ChunkedCipher.aad(snapshotId, index, last));
      available = c.doFinal(sealed, 0, sealedLength, plain, 0);
      position = 0;
    } catch (AEADBadTagException e) {
      throw new ArchiveIntegrityException(
          Failure.CHUNK_AUTHENTICATION, index, "chunk failed authentication");
    } catch (GeneralSecurityException e) {
      throw new ArchiveIntegrityException(
          Failure.CHUNK_AUTHENTICATION, index, "chunk could not be decrypted");
    }
    index++;
    if (last) {
      if (in.read() >= 0) {
        throw new ArchiveIntegrityException(
            Failure.TRAILING_DATA, index - 1, "data follows the final chunk");
      }
      done = true;
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public void close() throws IOException {
    Arrays.fill(key, (byte) 0);
    Arrays.fill(plain, (byte) 0);
    in.close();
  }
}
