package dev.airlock.backup.domain.archive;

import dev.airlock.backup.domain.archive.ArchiveIntegrityException.Failure;
import dev.airlock.core.crypto.Digests;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Counts and SHA-256-digests the bytes read through it, and refuses to yield more than a limit (so
 * a decompression bomb or an overlong archive stops at the size its manifest states).
 */
public final class DigestingInputStream extends FilterInputStream {
  private final MessageDigest digest;
  private final long limit;
  private final Failure overLimit;
  private long count;

  /**
   * @param limit the most bytes that may be read; more is a {@link ArchiveIntegrityException}
   * @param overLimit the failure to report when the limit is passed
   */
  public DigestingInputStream(InputStream in, long limit, Failure overLimit) {
    this(in, limit, overLimit, true);
  }

  /**
   * @param digesting false to only count and bound the bytes ({@link #sha256Hex()} then throws)
   */
  public DigestingInputStream(InputStream in, long limit, Failure overLimit, boolean digesting) {
    super(in);
    this.limit = limit;
    this.overLimit = overLimit;
    this.digest = digesting ? Digests.sha256() : null;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count += n;
      if (count > limit) {
        throw new ArchiveIntegrityException(overLimit, "archive is longer than its manifest says");
      }
      if (digest != null) {
        digest.update(b, off, n);
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must be digested too.
    byte[] sink = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  public long count() {
    return count;
  }

  /** The SHA-256 (hex) of everything read; call once, at the end. */
  public String sha256Hex() {
    if (digest == null) {
      throw new IllegalStateException("this stream only counts");
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
