package dev.airlock.backup.domain;

import java.util.Locale;

/** Which copy of the backups: the primary region's bucket or its replica in the second region. */
public enum BackupRegion {
  PRIMARY,
  REPLICA;

  /** {@code primary} or {@code replica}, as operators type it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code primary} or {@code replica} (any case); null means primary.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static BackupRegion parse(String s) {
    if (s == null || s.isBlank()) {
      return PRIMARY;
    }
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "primary" -> PRIMARY;
      case "replica" -> REPLICA;
      default -> throw new IllegalArgumentException("region must be primary or replica");
    };
  }
}
