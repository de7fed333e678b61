package dev.airlock.core.message;

/** The code hosts Airlock accepts work from. The wire name is the lower-case enum name. */
public enum Provider {
  GITHUB,
  GITLAB,
  BITBUCKET;

  /** Lower-case name used in routes, ids and queue messages. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException for an unknown provider
   */
  public static Provider fromWire(String name) {
    for (Provider p : values()) {
      if (p.wireName().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown provider");
  }
}
