package dev.airlock.core.message;

/** Guard helpers for self-validating records. Messages name the field, never echo its value. */
final class Checks {
  private Checks() {}

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
