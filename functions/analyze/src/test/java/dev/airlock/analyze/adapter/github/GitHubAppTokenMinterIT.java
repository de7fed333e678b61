package dev.airlock.analyze.adapter.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.airlock.analyze.TestDirs;
import dev.airlock.analyze.adapter.json.SerdeJsonCodec;
import dev.airlock.analyze.domain.AccessToken;
import dev.airlock.analyze.domain.AnalysisException;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RepositoryTarget;
import dev.airlock.analyze.domain.Revocation;
import dev.airlock.core.message.Provider;
import dev.airlock.emulators.codehost.FixtureRepositories;
import dev.airlock.emulators.codehost.LocalCodeHost;
import dev.airlock.emulators.codehost.LocalCodeHostConfig;
import dev.airlock.emulators.codehost.TokenStats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GitHub App token minter against the local code host's token API: tokens for exactly one
 * repository with {@code contents: read}, that open that repository and no other, and that are dead
 * after revocation; and against a host that grants more than asked.
 */
class GitHubAppTokenMinterIT {
  private static LocalCodeHost host;
  private static GitHubAppTokenMinter minter;
  private static final HttpClient HTTP = GitHubAppTokenMinter.defaultClient();

  @BeforeAll
  static void start() {
    Path root = TestDirs.fresh("minter-codehost");
    FixtureRepositories repos = new FixtureRepositories(root);
    repos.create("octo", "one", Map.of("a.txt", "1".getBytes(StandardCharsets.UTF_8)));
    repos.create("octo", "two", Map.of("b.txt", "2".getBytes(StandardCharsets.UTF_8)));
    host = LocalCodeHost.start(LocalCodeHostConfig.builder(root).build());
    host.registerInstallation(42, "octo", List.of("octo/one", "octo/two"));
    minter =
        new GitHubAppTokenMinter(
            HTTP,
            host.apiBaseUrl(),
            host.appId(),
            () -> host.appKeyPair().orElseThrow().getPrivate(),
            SerdeJsonCodec.createDefault(),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    host.close();
  }

  private static RepositoryTarget target(String name) {
    return new RepositoryTarget(Provider.GITHUB, "octo", name, host.cloneUrl("octo/" + name));
  }

  /** The status of a git smart-HTTP ref advertisement with the token. */
  private static int gitStatus(String repo, AccessToken token) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (token.username() + ":" + token.secret()).getBytes(StandardCharsets.UTF_8));
    return HTTP.send(
            HttpRequest.newBuilder(
                    host.cloneUrl(repo)
                        .resolve(repo.split("/")[1] + ".git/info/refs?service=git-upload-pack"))
                .header("Authorization", "Basic " + basic)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void mint_shouldOpenExactlyTheOneRepository_andRevokeShouldKillIt() throws Exception {
    TokenStats before = host.tokenStats();

    AccessToken token = minter.mint(target("one"), "42");

    assertEquals("x-access-token", token.username());
    assertEquals(200, gitStatus("octo/one", token));
    assertEquals(404, gitStatus("octo/two", token), "scoped to one repository");
    assertEquals(before.issued() + 1, host.tokenStats().issued());

    Revocation r = minter.revoke(token);

    assertEquals(new Revocation(Revocation.REVOKED, 204), r);
    assertEquals(401, gitStatus("octo/one", token));
    assertEquals(before.active(), host.tokenStats().active());
    assertTrue(!token.toString().contains(token.secret()));
  }

  @Test
  void mint_shouldAskForTheHttpClientOnlyWhenItCallsTheHost_whenTheClientIsSupplied()
      throws Exception {
    AtomicInteger asked = new AtomicInteger();
    GitHubAppTokenMinter lazy =
        new GitHubAppTokenMinter(
            () -> {
              asked.incrementAndGet();
              return HTTP;
            },
            host.apiBaseUrl(),
            host.appId(),
            () -> host.appKeyPair().orElseThrow().getPrivate(),
            SerdeJsonCodec.createDefault(),
            Clock.systemUTC());

    assertEquals(0, asked.get(), "constructing the minter builds no client");
    assertThrows(AnalysisException.class, () -> lazy.mint(target("one"), "not-a-number"));
    assertEquals(0, asked.get(), "a request refused before calling the host builds none");

    AccessToken token = lazy.mint(target("one"), "42");

    assertTrue(asked.get() > 0);
    assertEquals(200, gitStatus("octo/one", token));
    assertEquals(new Revocation(Revocation.REVOKED, 204), lazy.revoke(token));
  }

  @Test
  void mint_shouldBeRefused_whenTheInstallationDoesNotCoverTheRepository() {
    AnalysisException e =
        assertThrows(AnalysisException.class, () -> minter.mint(target("three"), "42"));
    assertEquals(Reason.TOKEN_REFUSED, e.reason());
    AnalysisException missing =
        assertThrows(AnalysisException.class, () -> minter.mint(target("one"), "999"));
    assertEquals(Reason.TOKEN_REFUSED, missing.reason());
  }

  @Test
  void mint_shouldBeRefusedWithoutCallingTheHost_whenTheInstallationIdIsNotNumeric() {
    int before = host.requestLog().size();
    AnalysisException e =
        assertThrows(AnalysisException.class, () -> minter.mint(target("one"), "../../app"));
    assertEquals(Reason.TOKEN_REFUSED, e.reason());
    assertEquals(before, host.requestLog().size());
  }

  @Test
  void mint_shouldRevokeAndRefuse_whenTheHostGrantsMoreThanAsked() throws IOException {
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer greedy =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    greedy.createContext(
        "/",
        ex -> {
          requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
          byte[] body =
              ("{\"token\":\"opaque-token-of-any-length-"
                      + System.nanoTime()
                      + "\","
                      + "\"expires_at\":\"2099-01-01T00:00:00Z\","
                      + "\"permissions\":{\"contents\":\"write\",\"metadata\":\"read\"},"
                      + "\"repositories\":[{\"full_name\":\"octo/one\"}]}")
                  .getBytes(StandardCharsets.UTF_8);
          if (ex.getRequestMethod().equals("DELETE")) {
            ex.sendResponseHeaders(204, -1);
          } else {
            ex.sendResponseHeaders(201, body.length);
            ex.getResponseBody().write(body);
          }
          ex.close();
        });
    greedy.start();
    try {
      GitHubAppTokenMinter m =
          new GitHubAppTokenMinter(
              HTTP,
              URI.create("http://127.0.0.1:" + greedy.getAddress().getPort() + "/api/v3/"),
              7,
              () -> host.appKeyPair().orElseThrow().getPrivate(),
              SerdeJsonCodec.createDefault(),
              Clock.systemUTC());

      AnalysisException e =
          assertThrows(AnalysisException.class, () -> m.mint(target("one"), "42"));

      assertEquals(Reason.TOKEN_SCOPE_MISMATCH, e.reason());
      assertEquals(
          List.of(
              "POST /api/v3/app/installations/42/access_tokens",
              "DELETE /api/v3/installation/token"),
          requests,
          "the over-scoped token was revoked at once");
    } finally {
      greedy.stop(0);
    }
  }

  @Test
  void constructor_shouldRefuseAPlainHttpApiBase_whenItIsNotLoopback() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new GitHubAppTokenMinter(
                HTTP,
                URI.create("http://api.github.com/"),
                1,
                () -> null,
                SerdeJsonCodec.createDefault(),
                Clock.systemUTC()));
  }
}
