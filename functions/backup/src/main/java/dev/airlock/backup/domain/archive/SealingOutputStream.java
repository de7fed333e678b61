package dev.airlock.backup.domain.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * Encrypts a stream into the {@link ChunkedCipher} format with a fixed memory footprint (two
 * buffers of one chunk each), whatever the stream's length.
 *
 * <p>{@link #finish()} writes the final chunk; without it the output has no final chunk and any
 * reader rejects it as truncated, which is what a crashed snapshot should look like. {@link
 * #close()} finishes and closes the underlying stream. The stream keeps its own copy of the key and
 * zeroes it when finished.
 */
public final class SealingOutputStream extends OutputStream {
  private final OutputStream out;
  private final byte[] key;
  private final byte[] snapshotId;
  private final byte[] buffer;
  private final byte[] sealed;
  private int filled;
  private long index;
  private boolean finished;
  private boolean closed;

  /**
   * Writes the header at once.
   *
   * @param out receives the sealed archive (not closed until {@link #close()})
   * @param key the 256-bit data key (copied)
   * @param snapshotId bound into every chunk's AAD
   * @param chunkBytes plaintext bytes per chunk
   */
  public SealingOutputStream(OutputStream out, byte[] key, String snapshotId, int chunkBytes)
      throws IOException {
    if (out == null) {
      throw new IllegalArgumentException("output is required");
    }
    ChunkedCipher.requireKey(key);
    ChunkedCipher.requireChunkBytes(chunkBytes);
    this.snapshotId = ChunkedCipher.requireSnapshotId(snapshotId);
    this.out = out;
    this.key = key.clone();
    this.buffer = new byte[chunkBytes];
    this.sealed = new byte[chunkBytes + ChunkedCipher.TAG_BYTES];
    out.write(ChunkedCipher.header(snapshotId, chunkBytes));
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("archive stream is finished");
    }
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      if (filled == buffer.length) {
        // Only now is it known that this full chunk is not the last one, so that the archive has
        // more than one: worth the cipher warm-up, which an archive of one chunk (a small state)
        // would pay for without using (idempotent, once per JVM).
        ChunkedCipher.warmUp();
        seal(false);
      }
      int n = Math.min(len, buffer.length - filled);
      System.arraycopy(b, off, buffer, filled, n);
      filled += n;
      off += n;
      len -= n;
    }
  }

  /** Chunks written so far (including the final one once finished). */
  public long chunks() {
    return index;
  }

  /** Writes the final chunk and flushes; the underlying stream stays open. Idempotent. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    seal(true);
    finished = true;
    Arrays.fill(key, (byte) 0);
    Arrays.fill(buffer, (byte) 0);
    out.flush();
  }

  private void seal(boolean last) throws IOException {
    try {
      Cipher c = ChunkedCipher.cipher(Cipher.ENCRYPT_MODE, key, index);
      c.updateAAD(ChunkedCipher.aad(snapshotId, index, last));
      int n = c.doFinal(buffer, 0, filled, sealed, 0);
      out.write(
          ByteBuffer.allocate(ChunkedCipher.FRAME_HEADER_BYTES)
              .put(last ? ChunkedCipher.FINAL : ChunkedCipher.NOT_FINAL)
              .putInt(filled)
              .array());
      out.write(sealed, 0, n);
      index++;
      filled = 0;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      finish();
    } finally {
      out.close();
    }
  }
}
