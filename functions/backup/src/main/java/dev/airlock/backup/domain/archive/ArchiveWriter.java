package dev.airlock.backup.domain.archive;

import dev.airlock.core.crypto.Digests;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * Writes the plaintext archive ({@link ArchiveFormat}) entry by entry, streaming each object's
 * bytes through a small buffer: memory does not grow with object or archive size.
 *
 * <p>Not thread-safe. {@link #finish()} writes the footer; the underlying stream is never closed
 * here.
 */
public final class ArchiveWriter {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final DataOutputStream out;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private long entries;
  private long contentBytes;
  private boolean finished;

  /** Writes the archive header at once. */
  public ArchiveWriter(OutputStream out, String snapshotId) throws IOException {
    if (out == null) {
      throw new IllegalArgumentException("output is required");
    }
    this.out = new DataOutputStream(out);
    this.out.write(ArchiveFormat.MAGIC);
    this.out.writeByte(ArchiveFormat.FORMAT_VERSION);
    ChunkedCipher.requireSnapshotId(snapshotId);
    writeString(ChunkedCipher.MAX_SNAPSHOT_ID_BYTES, snapshotId);
  }

  /**
   * Appends one entry and exactly {@code entry.length()} bytes of {@code content}.
   *
   * @return the SHA-256 (hex) of the bytes written
   * @throws IOException if {@code content} is shorter or longer than the entry says, or the output
   *     fails
   */
  public String add(ArchiveEntry entry, InputStream content) throws IOException {
    if (finished) {
      throw new IllegalStateException("archive is finished");
    }
    out.writeByte(ArchiveFormat.ENTRY);
    writeString(ArchiveEntry.MAX_KEY_BYTES, entry.key());
    writeString(ArchiveEntry.MAX_VERSION_BYTES, entry.versionId());
    out.writeLong(entry.lastModified().toEpochMilli());
    writeString(
        ArchiveEntry.MAX_CONTENT_TYPE_BYTES,
        entry.contentType() == null ? "" : entry.contentType());
    out.writeShort(entry.metadata().size());
    for (Map.Entry<String, String> m : entry.metadata().entrySet()) {
      writeString(ArchiveEntry.MAX_METADATA_STRING_BYTES, m.getKey());
      writeString(ArchiveEntry.MAX_METADATA_STRING_BYTES, m.getValue());
    }
    out.writeLong(entry.length());
    MessageDigest digest = Digests.sha256();
    long remaining = entry.length();
    while (remaining > 0) {
      int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        throw new IOException("object ended before its stated length");
      }
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
      remaining -= n;
    }
    if (content.read() >= 0) {
      throw new IOException("object is longer than its stated length");
    }
    byte[] sha = digest.digest();
    out.write(sha);
    entries++;
    contentBytes += entry.length();
    return HexFormat.of().formatHex(sha);
  }

  /** Writes the footer (entry count and content bytes) and flushes. Idempotent. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    out.writeByte(ArchiveFormat.FOOTER);
    out.writeLong(entries);
    out.writeLong(contentBytes);
    out.flush();
    finished = true;
  }

  public long entries() {
    return entries;
  }

  public long contentBytes() {
    return contentBytes;
  }

  private void writeString(int max, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > max || b.length > 0xffff) {
      throw new IllegalArgumentException("archive string is too long");
    }
    out.writeShort(b.length);
    out.write(b);
  }
}
