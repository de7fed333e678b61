package dev.airlock.analyze.adapter.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.airlock.analyze.adapter.json.SerdeJsonCodec;
import dev.airlock.analyze.domain.AccessToken;
import dev.airlock.analyze.domain.AnalysisException;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RepositoryTarget;
import dev.airlock.analyze.domain.Revocation;
import dev.airlock.core.message.Provider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OAuth refresh-token minter against a small local server speaking the RFC 6749 refresh grant
 * (client authenticated with HTTP Basic, form body, JSON answer, rotated refresh tokens) and the
 * RFC 7009 revocation endpoint, as GitLab does.
 */
class OAuthRefreshTokenMinterIT {
  private HttpServer server;
  private final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> revokeRequests = new CopyOnWriteArrayList<>();
  private final List<String> rotations = new CopyOnWriteArrayList<>();
  private volatile String validRefresh = "refresh-1";
  private int issued;

  private static final RepositoryTarget TARGET =
      new RepositoryTarget(
          Provider.GITLAB,
          "group/sub",
          "proj",
          URI.create("https://gitlab.example/group/sub/proj.git"));

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/oauth/token", this::token);
    server.createContext("/oauth/revoke", this::revoke);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static Map<String, String> form(HttpExchange ex) throws IOException {
    Map<String, String> f = new HashMap<>();
    for (String pair :
        new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
      String[] kv = pair.split("=", 2);
      f.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    f.put(
        "authorization",
        auth == null
            ? ""
            : new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8));
    f.put("contentType", ex.getRequestHeaders().getFirst("Content-Type"));
    return f;
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> f = form(ex);
    tokenRequests.add(f);
    String body;
    int status;
    if (!"client-id:client-secret".equals(f.get("authorization"))) {
      status = 401;
      body = "{\"error\":\"invalid_client\"}";
    } else if (!"refresh_token".equals(f.get("grant_type"))
        || !validRefresh.equals(f.get("refresh_token"))) {
      status = 400;
      body = "{\"error\":\"invalid_grant\"}";
    } else {
      issued++;
      validRefresh = "refresh-" + (issued + 1);
      status = 200;
      body =
          "{\"access_token\":\"access-"
              + issued
              + "\",\"token_type\":\"Bearer\",\"expires_in\":7200,"
              + "\"refresh_token\":\""
              + validRefresh
              + "\",\"scope\":\"read_repository\"}";
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  private void revoke(HttpExchange ex) throws IOException {
    revokeRequests.add(form(ex));
    ex.sendResponseHeaders(200, -1);
    ex.close();
  }

  private OAuthRefreshTokenMinter minter(String secret, URI revoke) {
    return new OAuthRefreshTokenMinter(
        HttpClient.newHttpClient(),
        url("/oauth/token"),
        revoke,
        "oauth2",
        () -> new OAuthClientCredentials("client-id", secret, "refresh-1"),
        rotations::add,
        SerdeJsonCodec.createDefault(),
        Clock.systemUTC());
  }

  @Test
  void mint_shouldRefreshWithTheRotatedTokenEachTime_andRevokeShouldPostTheAccessToken() {
    OAuthRefreshTokenMinter m = minter("client-secret", url("/oauth/revoke"));

    AccessToken first = m.mint(TARGET, "123");
    AccessToken second = m.mint(TARGET, "123");

    assertEquals("oauth2", first.username());
    assertEquals("access-1", first.secret());
    assertEquals("access-2", second.secret(), "the rotated refresh token was used");
    assertEquals("refresh-1", tokenRequests.get(0).get("refresh_token"));
    assertEquals("refresh-2", tokenRequests.get(1).get("refresh_token"));
    assertEquals("application/x-www-form-urlencoded", tokenRequests.get(0).get("contentType"));
    assertEquals(List.of("refresh-2", "refresh-3"), rotations);

    Revocation r = m.revoke(second);

    assertEquals(new Revocation(Revocation.REVOKED, 200), r);
    assertEquals("access-2", revokeRequests.get(0).get("token"));
    assertEquals("access_token", revokeRequests.get(0).get("token_type_hint"));
    assertEquals("client-id:client-secret", revokeRequests.get(0).get("authorization"));
  }

  @Test
  void mint_shouldBeRefused_whenTheGrantOrClientIsInvalid() {
    AnalysisException wrongClient =
        assertThrows(AnalysisException.class, () -> minter("nope", null).mint(TARGET, "1"));
    assertEquals(Reason.TOKEN_REFUSED, wrongClient.reason());
    validRefresh = "something-else";
    AnalysisException staleGrant =
        assertThrows(
            AnalysisException.class, () -> minter("client-secret", null).mint(TARGET, "1"));
    assertEquals(Reason.TOKEN_REFUSED, staleGrant.reason());
  }

  @Test
  void revoke_shouldSayNotSupported_whenTheHostHasNoRevocationEndpoint() {
    OAuthRefreshTokenMinter m = minter("client-secret", null);
    AccessToken t = m.mint(TARGET, "1");

    assertEquals(Revocation.NOT_SUPPORTED, m.revoke(t).outcome());
    assertTrue(revokeRequests.isEmpty());
  }

  @Test
  void mint_shouldBeUnavailable_whenTheHostIsDown() {
    OAuthRefreshTokenMinter m = minter("client-secret", null);
    server.stop(0);
    AnalysisException e = assertThrows(AnalysisException.class, () -> m.mint(TARGET, "1"));
    assertEquals(Reason.TOKEN_UNAVAILABLE, e.reason());
  }
}
