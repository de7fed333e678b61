package dev.airlock.analyze.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A short-lived credential to read one repository: the HTTP Basic user name the host expects
 * ({@code x-access-token} for GitHub, {@code oauth2} for GitLab, {@code x-token-auth} for
 * Bitbucket) and the token. It lives only in memory for the duration of one clone: it is never put
 * in a URL, a git config file, an environment, a log or a stored document. {@link #toString()}
 * never shows it.
 *
 * <p>No assumption is made about the token's length or alphabet beyond "printable, no spaces".
 */
public final class AccessToken {
  private static final int MAX_LENGTH = 8192;

  private final String username;
  private final String secret;
  private final Instant expiresAt;

  /**
   * @throws IllegalArgumentException if the user name or token is empty, too long, or contains
   *     whitespace or control characters (it would corrupt an HTTP header)
   */
  public AccessToken(String username, String secret, Instant expiresAt) {
    if (!printable(username) || !printable(secret)) {
      throw new IllegalArgumentException("access token is malformed");
    }
    this.username = username;
    this.secret = secret;
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
  }

  private static boolean printable(String s) {
    return s != null
        && !s.isEmpty()
        && s.length() <= MAX_LENGTH
        && s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  public String username() {
    return username;
  }

  /** The token itself: pass it only to an in-memory credentials provider or a request header. */
  public String secret() {
    return secret;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public String toString() {
    return "AccessToken[username=" + username + ", token=<redacted>, expiresAt=" + expiresAt + "]";
  }
}
