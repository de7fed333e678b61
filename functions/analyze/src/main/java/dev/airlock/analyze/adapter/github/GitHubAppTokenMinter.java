package dev.airlock.analyze.adapter.github;

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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@link TokenMinter} for GitHub: an installation access token from {@code POST
 * app/installations/{installation}/access_tokens}, authenticated with a fresh {@link AppJwt}, asked
 * for exactly {@code repositories: [<name>]} and {@code permissions: {contents: read}}. The answer
 * is checked: a token for other repositories or with other permissions (GitHub adds {@code
 * metadata: read} to every token; that one is accepted) is revoked at once and refused. Revoked
 * with {@code DELETE installation/token}.
 *
 * <p>The JDK HTTP client, no redirects (a token must not follow a redirect to another host), the
 * API base URL from configuration ({@code https://api.github.com/}, or a GitHub Enterprise / local
 * code host base), checked like a clone base. Errors map to reasons without quoting responses.
 */
public final class GitHubAppTokenMinter implements TokenMinter {
  static final String USERNAME = "x-access-token";
  private static final Set<String> ACCEPTED_PERMISSIONS = Set.of("contents", "metadata");
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<HttpClient> http;
  private final URI apiBase;
  private final long appId;
  private final Supplier<PrivateKey> appKey;
  private final JsonCodec json;
  private final Clock clock;

  /**
   * @param apiBase the REST API base, ending in {@code /}
   * @param appKey supplies the app's private key (from Secrets Manager in AWS); called per mint
   * @throws IllegalArgumentException if the base URL is not acceptable or the app id is not
   *     positive
   */
  public GitHubAppTokenMinter(
      HttpClient http,
      URI apiBase,
      long appId,
      Supplier<PrivateKey> appKey,
      JsonCodec json,
      Clock clock) {
    this(() -> http, apiBase, appId, appKey, json, clock);
  }

  /**
   * As above, with the HTTP client built when the first token is minted: building one sets up TLS
   * (a few hundred JDK classes), which a cold start that mints nothing should not pay.
   *
   * @param http supplies the client; called per request, so it should return the same one
   */
  public GitHubAppTokenMinter(
      Supplier<HttpClient> http,
      URI apiBase,
      long appId,
      Supplier<PrivateKey> appKey,
      JsonCodec json,
      Clock clock) {
    if (appId <= 0) {
      throw new IllegalArgumentException("GitHub App id must be positive");
    }
    this.http = http;
    this.apiBase = CloneUrlPolicy.requireAcceptableBase(apiBase);
    this.appId = appId;
    this.appKey = appKey;
    this.json = json;
    this.clock = clock;
  }

  /** The client Airlock uses: HTTP/1.1, no redirects, bounded connect time. */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  @Override
  public AccessToken mint(RepositoryTarget target, String hookId) {
    if (hookId == null || !hookId.matches("[0-9]{1,20}")) {
      throw new AnalysisException(Reason.TOKEN_REFUSED);
    }
    PrivateKey key;
    try {
      key = appKey.get();
    } catch (RuntimeException e) {
      throw new AnalysisException(Reason.TOKEN_UNAVAILABLE);
    }
    String jwt = AppJwt.sign(key, appId, clock.instant());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("repositories", List.of(target.name()));
    body.put("permissions", Map.of("contents", "read"));
    HttpRequest request =
        HttpRequest.newBuilder(apiBase.resolve("app/installations/" + hookId + "/access_tokens"))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("User-Agent", "airlock-analyze")
            .header("Authorization", "Bearer " + jwt)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.write(body)))
            .build();
    HttpResponse<byte[]> response = send(request);
    int status = response.statusCode();
    if (status == 401 || status == 403 || status == 404 || status == 422) {
      throw new AnalysisException(
          status == 403 && isRateLimited(response)
              ? Reason.TOKEN_UNAVAILABLE
              : Reason.TOKEN_REFUSED);
    }
    if (status != 201) {
      throw new AnalysisException(Reason.TOKEN_UNAVAILABLE);
    }
    AccessToken token = parse(response.body());
    if (!scopedExactly(response.body(), target)) {
      revoke(token);
      throw new AnalysisException(Reason.TOKEN_SCOPE_MISMATCH);
    }
    return token;
  }

  private static boolean isRateLimited(HttpResponse<?> r) {
    return r.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false)
        || r.headers().firstValue("retry-after").isPresent();
  }

  private AccessToken parse(byte[] body) {
    try {
      Map<?, ?> m = (Map<?, ?>) json.read(body);
      String token = (String) m.get("token");
      Instant expires = Instant.parse((String) m.get("expires_at"));
      return new AccessToken(USERNAME, token, expires);
    } catch (IllegalArgumentException
        | ClassCastException
        | NullPointerException
        | DateTimeParseException e) {
      throw new AnalysisException(Reason.TOKEN_UNAVAILABLE);
    }
  }

  /** Whether the token covers exactly the target and reads contents, and nothing more. */
  private boolean scopedExactly(byte[] body, RepositoryTarget target) {
    Map<?, ?> m = (Map<?, ?>) json.read(body);
    if (m.get("permissions") instanceof Map<?, ?> perms) {
      if (!"read".equals(perms.get("contents"))) {
        return false;
      }
      for (Map.Entry<?, ?> e : perms.entrySet()) {
        if (!ACCEPTED_PERMISSIONS.contains(e.getKey()) || !"read".equals(e.getValue())) {
          return false;
        }
      }
    } else {
      return false;
    }
    if (m.get("repositories") instanceof List<?> repos) {
      if (repos.size() != 1 || !(repos.get(0) instanceof Map<?, ?> repo)) {
        return false;
      }
      Object fullName = repo.get("full_name");
      return fullName instanceof String f && f.equalsIgnoreCase(target.fullName());
    }
    // GitHub lists the repositories of a token minted for selected repositories.
    return false;
  }

  @Override
  public Revocation revoke(AccessToken token) {
    HttpRequest request =
        HttpRequest.newBuilder(apiBase.resolve("installation/token"))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("User-Agent", "airlock-analyze")
            .header("Authorization", "Bearer " + token.secret())
            .DELETE()
            .build();
    try {
      int status = http.get().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return new Revocation(status == 204 ? Revocation.REVOKED : Revocation.FAILED, status);
    } catch (IOException e) {
      return new Revocation(Revocation.FAILED, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Revocation(Revocation.FAILED, 0);
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return http.get().send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AnalysisException(Reason.TOKEN_UNAVAILABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AnalysisException(Reason.TOKEN_UNAVAILABLE);
    }
  }
}
