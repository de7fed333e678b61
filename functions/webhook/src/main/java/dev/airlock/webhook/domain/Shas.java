package dev.airlock.webhook.domain;

/** Commit id helpers shared by the parsers. */
final class Shas {
  private Shas() {}

  /** Hosts send an all-zero id as the new value of a deleted ref. */
  static boolean isZero(String sha) {
    return sha != null && !sha.isEmpty() && sha.chars().allMatch(c -> c == '0');
  }

  /** A full 40- or 64-hex commit id (lower case, as every host sends it). */
  static boolean isFull(String sha) {
    return sha != null && sha.matches("[0-9a-f]{40}|[0-9a-f]{64}");
  }
}
