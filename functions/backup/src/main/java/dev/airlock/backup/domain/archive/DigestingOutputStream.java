package dev.airlock.backup.domain.archive;

import dev.airlock.core.crypto.Digests;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Counts and SHA-256-digests the bytes passing through, while streaming them on. */
public final class DigestingOutputStream extends FilterOutputStream {
  private final MessageDigest digest = Digests.sha256();
  private long count;

  public DigestingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    digest.update(b, off, len);
    count += len;
  }

  public long count() {
    return count;
  }

  /** The SHA-256 (hex) of everything written; call once, at the end. */
  public String sha256Hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
