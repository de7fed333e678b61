package dev.airlock.core.state;

/**
 * A write was refused because its value looked like card data or a secret. Nothing was written.
 * {@link #kind()} names what was detected (e.g. {@code card-number}, {@code github-token}); the
 * message names the kind only, never the value.
 */
public class SensitiveDataRefusedException extends RuntimeException {
  private final String kind;

  public SensitiveDataRefusedException(String kind) {
    super("refused to store a value containing " + kind);
    this.kind = kind;
  }

  /** What was detected. */
  public String kind() {
    return kind;
  }
}
