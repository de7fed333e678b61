package dev.airlock.webhook.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable, case-insensitive view of request headers. API Gateway lower-cases header names and
 * the local server keeps them as sent, so every lookup ignores case.
 *
 * <p>{@link #single(String)} refuses a header that was sent more than once: a security header with
 * two values is ambiguous, and an attacker who can add one must not choose which one is checked.
 */
public final class Headers {
  private final Map<String, List<String>> values;

  private Headers(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Copies {@code raw}; null names and values are dropped. */
  public static Headers of(Map<String, ? extends List<String>> raw) {
    Map<String, List<String>> copy = new TreeMap<>();
    if (raw != null) {
      raw.forEach(
          (name, list) -> {
            if (name == null || list == null) {
              return;
            }
            List<String> target =
                copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
            for (String v : list) {
              if (v != null) {
                target.add(v);
              }
            }
          });
    }
    copy.replaceAll((k, v) -> List.copyOf(v));
    return new Headers(Collections.unmodifiableMap(copy));
  }

  /** Convenience for single-valued headers (tests, events). */
  public static Headers ofSingle(Map<String, String> raw) {
    Map<String, List<String>> multi = new TreeMap<>();
    if (raw != null) {
      raw.forEach(
          (k, v) -> {
            if (k != null && v != null) {
              multi.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
          });
    }
    return of(multi);
  }

  /** Every value sent under {@code name}, in order; empty if absent. */
  public List<String> all(String name) {
    return values.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * The one value of {@code name}.
   *
   * @return empty if the header is absent or blank
   * @throws AmbiguousHeaderException if it was sent more than once
   */
  public Optional<String> single(String name) {
    List<String> list = all(name);
    if (list.size() > 1) {
      throw new AmbiguousHeaderException(name.toLowerCase(Locale.ROOT));
    }
    if (list.isEmpty() || list.get(0).isBlank()) {
      return Optional.empty();
    }
    return Optional.of(list.get(0).strip());
  }

  /** Whether {@code name} was sent at all. */
  public boolean contains(String name) {
    return !all(name).isEmpty();
  }

  /** A header was sent more than once where exactly one value is allowed. */
  public static final class AmbiguousHeaderException extends RuntimeException {
    private final String header;

    public AmbiguousHeaderException(String header) {
      super("header sent more than once: " + header);
      this.header = header;
    }

    /** The lower-cased header name (never its values). */
    public String header() {
      return header;
    }
  }
}
