package dev.airlock.analyze.domain;

/**
 * What happened when a token was revoked, for the purge receipt.
 *
 * @param outcome {@code revoked}, {@code failed}, {@code not-supported} (the host has no revocation
 *     endpoint; the token expires on its own) or {@code not-attempted}
 * @param httpStatus the host's status code, or {@code 0} if no response was received
 */
public record Revocation(String outcome, int httpStatus) {

  public static final String REVOKED = "revoked";
  public static final String FAILED = "failed";
  public static final String NOT_SUPPORTED = "not-supported";
  public static final String NOT_ATTEMPTED = "not-attempted";

  public Revocation {
    if (!REVOKED.equals(outcome)
        && !FAILED.equals(outcome)
        && !NOT_SUPPORTED.equals(outcome)
        && !NOT_ATTEMPTED.equals(outcome)) {
      throw new IllegalArgumentException("unknown revocation outcome");
    }
  }

  public boolean revoked() {
    return REVOKED.equals(outcome);
  }

  public static Revocation notAttempted() {
    return new Revocation(NOT_ATTEMPTED, 0);
  }
}
