package dev.airlock.analyze.adapter.oauth;

import dev.airlock.analyze.domain.AccessToken;
import dev.airlock.analyze.domain.AnalysisException;
import dev.airlock.analyze.domain.CloneUrlPolicy;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RepositoryTarget;
import dev.airlock.analyze.domain.Revocation;
import dev.airlock.analyze.port.JsonCodec;
import dev.airlock.analyze.port.TokenMinter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link TokenMinter} for GitLab and Bitbucket Cloud: a fresh OAuth 2.0 access token per job from
 * the refresh-token grant (RFC 6749 §6; client authenticated with HTTP Basic, §2.3.1), used as the
 * git password with the host's user name ({@code oauth2} on GitLab, {@code x-token-auth} on
 * Bitbucket), and revoked afterwards through the RFC 7009 endpoint where the host has one (GitLab's
 * {@code /oauth/revoke}); Bitbucket has none, so the receipt says {@code not-supported} and the
 * token expires on its own (two hours).
 *
 * <p>Hosts rotate refresh tokens: a new one in the response replaces the old one for the next mint
 * and is handed to {@code onRotation} (which must persist it where the credentials come from).
 * Unlike a GitHub App token, the access token is not narrowed to the one repository: it carries the
 * OAuth application's scopes ({@code read_repository} / {@code repository}), so the application
 * should be created with exactly those.
 */
public final class OAuthRefreshTokenMinter implements TokenMinter {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  private final Supplier<HttpClient> http;
  private final URI tokenEndpoint;
  private final URI revocationEndpoint;
  private final String gitUsername;
  private final Supplier<OAuthClientCredentials> credentials;
  private final Consumer<String> onRotation;
  private final JsonCodec json;
  private final Clock clock;
  private final AtomicReference<String> rotatedRefreshToken = new AtomicReference<>();
  private final AtomicReference<OAuthClientCredentials> lastClient = new AtomicReference<>();

  /**
   * @param revocationEndpoint RFC 7009 endpoint, or null if the host has none
   * @param gitUsername the HTTP Basic user name the host's git endpoint expects with the token
   * @throws IllegalArgumentException if an endpoint is not https (or http to loopback)
   */
  public OAuthRefreshTokenMinter(
      HttpClient http,
      URI tokenEndpoint,
      URI revocationEndpoint,
      String gitUsername,
      Supplier<OAuthClientCredentials> credentials,
      Consumer<String> onRotation,
      JsonCodec json,
      Clock clock) {
    this(
        () -> http,
        tokenEndpoint,
        revocationEndpoint,
        gitUsername,
        credentials,
        onRotation,
        json,
        clock);
  }

  /**
   * As above, with the HTTP client built at the first request (see {@code GitHubAppTokenMinter}).
   *
   * @param http supplies the client; called per request, so it should return the same one
   */
  public OAuthRefreshTokenMinter(
      Supplier<HttpClient> http,
      URI tokenEndpoint,
      URI revocationEndpoint,
      String gitUsername,
      Supplier<OAuthClientCredentials> credentials,
      Consumer<String> onRotation,
      JsonCodec json,
      Clock clock) {
    this.http = http;
    this.tokenEndpoint = checkEndpoint(tokenEndpoint);
    this.revocationEndpoint = revocationEndpoint == null ? null : checkEndpoint(revocationEndpoint);
    this.gitUsername = gitUsername;
    this.credentials = credentials;
    this.onRotation = onRotation == null ? s -> {} : onRotation;
    this.json = json;
    this.clock = clock;
  }

  private static URI checkEndpoint(URI endpoint) {
    // Same rules as a base URL, on the endpoint's directory.
    CloneUrlPolicy.requireAcceptableBase(endpoint.resolve("."));
    if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
      throw new IllegalArgumentException("OAuth endpoint must not carry a query");
    }
    return endpoint;
  }

  @Override
  public AccessToken mint(RepositoryTarget target, String hookId) {
    OAuthClientCredentials client;
    try {
      client = credentials.get();
    } catch (RuntimeException e) {
      throw new AnalysisException(Reason.PROVIDER_NOT_CONFIGURED);
    }
    lastClient.set(client);
    String refresh =
        rotatedRefreshToken.get() != null ? rotatedRefreshToken.get() : client.refreshToken();
    HttpRequest request =
        HttpRequest.newBuilder(tokenEndpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", basic(client))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    form(Map.of("grant_type", "refresh_token", "refresh_token", refresh))))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.get().send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AnalysisException(Reason.TOKEN_UNAVAILABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AnalysisException(Reason.TOKEN_UNAVAILABLE);
    }
    int status = response.statusCode();
    if (status == 400 || status == 401 || status == 403) {
      // RFC 6749 §5.2: invalid_grant / invalid_client — the grant is gone, retrying will not help
      throw new AnalysisException(Reason.TOKEN_REFUSED);
    }
    if (status != 200) {
      throw new AnalysisException(Reason.TOKEN_UNAVAILABLE);
    }
    try {
      Map<?, ?> m = (Map<?, ?>) json.read(response.body());
      if (!"bearer".equalsIgnoreCase(String.valueOf(m.get("token_type")))) {
        throw new AnalysisException(Reason.TOKEN_UNAVAILABLE);
      }
      String access = (String) m.get("access_token");
      Duration lifetime =
          m.get("expires_in") instanceof Number n && n.longValue() > 0
              ? Duration.ofSeconds(n.longValue())
              : DEFAULT_LIFETIME;
      if (m.get("refresh_token") instanceof String next
          && !next.isBlank()
          && !next.equals(refresh)) {
        rotatedRefreshToken.set(next);
        onRotation.accept(next);
      }
      Instant now = clock.instant();
      return new AccessToken(gitUsername, access, now.plus(lifetime));
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw new AnalysisException(Reason.TOKEN_UNAVAILABLE);
    }
  }

  @Override
  public Revocation revoke(AccessToken token) {
    if (revocationEndpoint == null) {
      return new Revocation(Revocation.NOT_SUPPORTED, 0);
    }
    OAuthClientCredentials client = lastClient.get();
    if (client == null) {
      return new Revocation(Revocation.FAILED, 0);
    }
    HttpRequest request =
        HttpRequest.newBuilder(revocationEndpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", basic(client))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    form(Map.of("token", token.secret(), "token_type_hint", "access_token"))))
            .build();
    try {
      int status = http.get().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      // RFC 7009 §2.2: 200 whether or not the token was still valid
      return new Revocation(status == 200 ? Revocation.REVOKED : Revocation.FAILED, status);
    } catch (IOException e) {
      return new Revocation(Revocation.FAILED, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Revocation(Revocation.FAILED, 0);
    }
  }

  private static String basic(OAuthClientCredentials c) {
    String pair = urlEncode(c.clientId()) + ":" + urlEncode(c.clientSecret());
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String form(Map<String, String> fields) {
    StringJoiner j = new StringJoiner("&");
    fields.forEach((k, v) -> j.add(urlEncode(k) + "=" + urlEncode(v)));
    return j.toString();
  }

  private static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
