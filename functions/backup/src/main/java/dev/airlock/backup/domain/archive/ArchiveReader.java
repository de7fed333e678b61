package dev.airlock.backup.domain.archive;

import dev.airlock.backup.domain.archive.ArchiveIntegrityException.Failure;
import dev.airlock.core.crypto.Digests;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the plaintext archive ({@link ArchiveFormat}) entry by entry. Each entry's bytes are read
 * through {@link #content()}, a stream bounded to the entry's length whose digest is checked
 * against the recorded one when it ends; whatever the caller leaves unread is skipped (and still
 * checked) by the next {@link #next()}. The footer's counts must match what was read, and nothing
 * may follow it.
 *
 * <p>Every length is bounded before anything is allocated. Failures are {@link
 * ArchiveIntegrityException}s ({@code entry-malformed}, {@code entry-digest}, {@code
 * count-mismatch}); I/O failures stay {@link IOException}s.
 */
public final class ArchiveReader {
  private final DataInputStream in;
  private final boolean recomputeDigests;
  private final byte[] skipBuffer = new byte[64 * 1024];
  private EntryContent current;
  private long entries;
  private long contentBytes;
  private boolean ended;

  /**
   * Reads and checks the archive header.
   *
   * @throws ArchiveIntegrityException if the header is malformed or names another snapshot
   */
  public ArchiveReader(InputStream in, String expectedSnapshotId) throws IOException {
    this(in, expectedSnapshotId, true);
  }

  /**
   * Reads and checks the archive header.
   *
   * @param recomputeDigests whether each entry's SHA-256 is recomputed and compared with the
   *     recorded one (else the recorded digest is only read and handed on, see {@link
   *     #currentDigest()}): false only where the caller already knows these bytes to be the ones a
   *     full check passed (a re-read of an archive whose every chunk authenticates again)
   * @throws ArchiveIntegrityException if the header is malformed or names another snapshot
   */
  public ArchiveReader(InputStream in, String expectedSnapshotId, boolean recomputeDigests)
      throws IOException {
    this.in = new DataInputStream(in);
    this.recomputeDigests = recomputeDigests;
    try {
      byte[] magic = this.in.readNBytes(ArchiveFormat.MAGIC.length);
      if (!Arrays.equals(magic, ArchiveFormat.MAGIC)
          || this.in.readUnsignedByte() != ArchiveFormat.FORMAT_VERSION) {
        throw malformed("archive content has no valid header");
      }
      String id = readString(ChunkedCipher.MAX_SNAPSHOT_ID_BYTES);
      if (!id.equals(expectedSnapshotId)) {
        throw new ArchiveIntegrityException(
            Failure.WRONG_SNAPSHOT, "archive content belongs to another snapshot");
      }
    } catch (EOFException e) {
      throw malformed("archive content ends inside its header");
    }
  }

  /**
   * The next entry, or empty after the footer (whose counts are checked).
   *
   * @throws ArchiveIntegrityException if the archive is malformed, an entry's digest does not
   *     match, or the footer's counts differ from what was read
   */
  public Optional<ArchiveEntry> next() throws IOException {
    if (ended) {
      return Optional.empty();
    }
    if (current != null) {
      current.skipRest();
      current = null;
    }
    try {
      int tag = in.read();
      if (tag == ArchiveFormat.FOOTER) {
        long count = in.readLong();
        long bytes = in.readLong();
        if (count != entries || bytes != contentBytes) {
          throw new ArchiveIntegrityException(
              Failure.COUNT_MISMATCH, "archive footer disagrees with its entries");
        }
        if (in.read() >= 0) {
          throw malformed("archive content continues after its footer");
        }
        ended = true;
        return Optional.empty();
      }
      if (tag != ArchiveFormat.ENTRY) {
        throw malformed(tag < 0 ? "archive content ends without a footer" : "unknown record");
      }
      String key = readString(ArchiveEntry.MAX_KEY_BYTES);
      String version = readString(ArchiveEntry.MAX_VERSION_BYTES);
      Instant lastModified = Instant.ofEpochMilli(in.readLong());
      String contentType = readString(ArchiveEntry.MAX_CONTENT_TYPE_BYTES);
      int metaCount = in.readUnsignedShort();
      if (metaCount > ArchiveEntry.MAX_METADATA_ENTRIES) {
        throw malformed("entry has too much metadata");
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      for (int i = 0; i < metaCount; i++) {
        metadata.put(
            readString(ArchiveEntry.MAX_METADATA_STRING_BYTES),
            readString(ArchiveEntry.MAX_METADATA_STRING_BYTES));
      }
      long length = in.readLong();
      ArchiveEntry entry;
      try {
        entry =
            new ArchiveEntry(
                key,
                version,
                lastModified,
                contentType.isEmpty() ? null : contentType,
                metadata,
                length);
      } catch (IllegalArgumentException e) {
        throw malformed("entry is invalid");
      }
      entries++;
      contentBytes += length;
      current = new EntryContent(length);
      return Optional.of(entry);
    } catch (EOFException e) {
      throw malformed("archive content ends inside an entry");
    }
  }

  /** The current entry's bytes; its digest is checked when it is read to the end. */
  public InputStream content() {
    if (current == null) {
      throw new IllegalStateException("no current entry");
    }
    return current;
  }

  /** Entries read so far. */
  public long entries() {
    return entries;
  }

  /** Content bytes of the entries read so far. */
  public long contentBytes() {
    return contentBytes;
  }

  /** Whether the footer was read and checked. */
  public boolean ended() {
    return ended;
  }

  private String readString(int max) throws IOException {
    int length = in.readUnsignedShort();
    if (length > max) {
      throw malformed("archive string is too long");
    }
    byte[] b = new byte[length];
    in.readFully(b);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("archive string is not UTF-8");
    }
  }

  private static ArchiveIntegrityException malformed(String message) {
    return new ArchiveIntegrityException(Failure.ENTRY_MALFORMED, message);
  }

  /** The bytes of one entry, digested as they pass; checks the digest at the end. */
  private final class EntryContent extends InputStream {
    private final MessageDigest digest = recomputeDigests ? Digests.sha256() : null;
    private long remaining;
    private boolean checked;
    private String sha256;

    EntryContent(long length) {
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (remaining == 0) {
        check();
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw malformed("archive content ends inside an entry");
      }
      if (digest != null) {
        digest.update(b, off, n);
      }
      remaining -= n;
      if (remaining == 0) {
        check();
      }
      return n;
    }

    void skipRest() throws IOException {
      while (read(skipBuffer, 0, skipBuffer.length) >= 0) {
        // digesting what the caller did not read
      }
    }

    private void check() throws IOException {
      if (checked) {
        return;
      }
      byte[] recorded = new byte[ArchiveFormat.DIGEST_BYTES];
      try {
        in.readFully(recorded);
      } catch (EOFException e) {
        throw malformed("archive content ends inside an entry");
      }
      if (digest != null && !MessageDigest.isEqual(recorded, digest.digest())) {
        throw new ArchiveIntegrityException(
            Failure.ENTRY_DIGEST, "an entry's bytes do not match its recorded digest");
      }
      sha256 = HexFormat.of().formatHex(recorded);
      checked = true;
    }

    @Override
    public void close() {
      // The archive stream belongs to the reader; the next entry skips what is left.
    }
  }

  /**
   * The SHA-256 (hex) of the current entry's bytes once they were read to the end (and checked),
   * else empty.
   */
  public Optional<String> currentDigest() {
    return current == null || !current.checked ? Optional.empty() : Optional.of(current.sha256);
  }
}
