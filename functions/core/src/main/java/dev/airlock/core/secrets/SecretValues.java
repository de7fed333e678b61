package dev.airlock.core.secrets;

import dev.airlock.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses a stored secret into its values: a JSON array of strings ({@code ["new","old"]}) or a
 * comma-separated string ({@code new,old}). Blank entries are dropped and entries trimmed; a value
 * that parses to nothing is empty, so callers fail closed.
 */
public final class SecretValues {
  private SecretValues() {}

  /** The values of {@code raw}, or empty if none (null, blank, malformed JSON array, all blank). */
  public static Optional<List<String>> parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String trimmed = raw.strip();
    List<String> values = new ArrayList<>();
    if (trimmed.startsWith("[")) {
      String[] parsed;
      try {
        parsed = Json.read(trimmed, String[].class);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      for (String v : parsed) {
        add(values, v);
      }
    } else {
      for (String v : trimmed.split(",")) {
        add(values, v);
      }
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(values));
  }

  private static void add(List<String> values, String v) {
    if (v != null && !v.isBlank()) {
      values.add(v.strip());
    }
  }
}
