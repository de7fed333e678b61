package dev.airlock.analyze.adapter.oauth;

/**
 * An OAuth client and the refresh token it holds for Airlock's access to a code host. {@link
 * #toString()} shows neither secret.
 *
 * @param clientId the OAuth application's id
 * @param clientSecret the OAuth application's secret
 * @param refreshToken the current refresh token
 */
public record OAuthClientCredentials(String clientId, String clientSecret, String refreshToken) {
  public OAuthClientCredentials {
    if (isBlank(clientId) || isBlank(clientSecret) || isBlank(refreshToken)) {
      throw new IllegalArgumentException("OAuth client credentials are incomplete");
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() {
    return "OAuthClientCredentials[clientId=" + clientId + ", secrets=<redacted>]";
  }
}
