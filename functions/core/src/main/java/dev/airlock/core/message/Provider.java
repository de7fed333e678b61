package dev.airlock.core.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The code hosts Airlock accepts work from. The wire name is the lower-case enum name, in JSON too
 * (serde uses {@link #wireName()} and {@link #fromWire(String)}).
 */
@Serdeable
public enum Provider {
  GITHUB,
  GITLAB,
  BITBUCKET;

  /** Lower-case name used in routes, ids and queue messages. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException for an unknown provider
   */
  @JsonCreator
  public static Provider fromWire(String name) {
    for (Provider p : values()) {
      if (p.wireName().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown provider");
  }
}
