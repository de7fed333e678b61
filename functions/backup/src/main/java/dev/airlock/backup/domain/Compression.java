package dev.airlock.backup.domain;

import java.util.Locale;

/**
 * Compression of the archive plaintext before it is sealed. State objects of tenants are already
 * ciphertext (incompressible), so {@link #NONE} is the default; {@link #DEFLATE} helps when lookup
 * and marker records dominate.
 */
public enum Compression {
  NONE,
  DEFLATE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for an unknown name
   */
  public static Compression parse(String s) {
    if (s == null || s.isBlank()) {
      return NONE;
    }
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "deflate" -> DEFLATE;
      default -> throw new IllegalArgumentException("compression must be none or deflate");
    };
  }
}
