package dev.airlock.analyze.port;

import dev.airlock.analyze.domain.AccessToken;
import dev.airlock.analyze.domain.RepositoryTarget;
import dev.airlock.analyze.domain.Revocation;

/**
 * Gets a short-lived read token for exactly one repository, and drops it again. GitHub: an App
 * installation token scoped to the one repository with {@code contents: read}; GitLab and
 * Bitbucket: an OAuth access token from a refresh-token grant.
 */
public interface TokenMinter {

  /**
   * Mints a token for {@code target}.
   *
   * @param hookId what the host scopes credentials to (the GitHub App installation id, ...)
   * @throws dev.airlock.analyze.domain.AnalysisException {@code token-refused} if the host refuses
   *     (the installation or repository is not accessible: retrying will not help), {@code
   *     token-scope-mismatch} if the host granted more than asked (the token is revoked first),
   *     {@code token-unavailable} for a transport failure, throttling or a server error
   */
  AccessToken mint(RepositoryTarget target, String hookId);

  /**
   * Revokes {@code token}. Never throws: the outcome (including failure) goes into the purge
   * receipt.
   */
  Revocation revoke(AccessToken token);
}
