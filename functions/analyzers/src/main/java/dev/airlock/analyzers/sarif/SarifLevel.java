package dev.airlock.analyzers.sarif;

import java.util.Locale;
import java.util.Optional;

/** SARIF {@code level} of a result, rule default or notification. */
public enum SarifLevel {
  ERROR,
  WARNING,
  NOTE,
  NONE;

  /** The value as written in SARIF ({@code "error"}, ...). */
  public String sarifName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a SARIF level name; empty for anything else. */
  public static Optional<SarifLevel> fromSarifName(String name) {
    for (SarifLevel level : values()) {
      if (level.sarifName().equals(name)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }
}
