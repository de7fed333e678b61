package dev.airlock.analyzers;

import dev.airlock.analyzers.secrets.Fingerprinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of secret fingerprints: {@code HMAC-SHA256(salt, secret)} in lower-case hex. A keyed
 * hash, not a bare SHA-256, because the secrets worth finding are often short or structured enough
 * to brute-force from an unkeyed hash.
 *
 * <p>The salt comes from a file the parent process writes outside the checkout (never from the
 * environment, never printed): its raw bytes are the key, at least {@value #MIN_BYTES} of them.
 * {@link #toString()} does not reveal it.
 */
public final class Salt implements Fingerprinter {

  /** Fewest key bytes accepted. */
  public static final int MIN_BYTES = 16;

  private static final int MAX_BYTES = 4096;

  private final byte[] key;

  private Salt(byte[] key) {
    this.key = key;
  }

  /**
   * A salt from key bytes (copied).
   *
   * @throws IllegalArgumentException if there are fewer than {@value #MIN_BYTES} or more than 4096
   */
  public static Salt of(byte[] key) {
    if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
      throw new IllegalArgumentException("the salt must be 16 to 4096 bytes");
    }
    return new Salt(key.clone());
  }

  /**
   * Reads a salt file, refusing a symbolic link.
   *
   * @throws IOException if the file cannot be read or is a link
   * @throws IllegalArgumentException if its size is out of range
   */
  public static Salt readFrom(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("the salt file is not a regular file");
    }
    if (Files.size(file) > MAX_BYTES) {
      throw new IllegalArgumentException("the salt must be 16 to 4096 bytes");
    }
    byte[] bytes = Files.readAllBytes(file);
    try {
      return of(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public String fingerprint(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "Salt[redacted]";
  }
}
