package dev.airlock.emulators.codehost;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The git smart-HTTP endpoint over real sockets, with JGit and the git CLI as clients. */
class LocalCodeHostGitIT {

  private static final long INSTALLATION = 7;
  private static final long OTHER_INSTALLATION = 8;
  private static final Map<String, byte[]> FIRST =
      Map.of(
          "README.md",
          "first\n".getBytes(UTF_8),
          "src/Main.java",
          "class Main {}\n".getBytes(UTF_8));
  private static final Map<String, byte[]> SECOND =
      Map.of(
          "README.md",
          "second\n".getBytes(UTF_8),
          "src/Other.java",
          "class Other {}\n".getBytes(UTF_8));
  private static final String OUTSIDE_CANARY = "CANARY-OUTSIDE-ROOT-5f1c";

  @TempDir static Path userHome;
  @TempDir Path temp;
  private CodeHostTestBed bed;
  private String firstSha;
  private String secondSha;

  @BeforeAll
  static void isolateGitConfig() {
    GitTestClient.isolateUserConfig(userHome);
  }

  @BeforeEach
  void startHost() throws IOException {
    bed = new CodeHostTestBed(temp);
    firstSha = bed.fixtures.create("acme", "widgets", FIRST);
    secondSha = bed.fixtures.commit("acme", "widgets", SECOND);
    bed.fixtures.create("acme", "gadgets", Map.of("g.txt", "gadget\n".getBytes(UTF_8)));
    bed.fixtures.create("rival", "secret", Map.of("s.txt", "rival secret\n".getBytes(UTF_8)));
    bed.host.registerInstallation(
        INSTALLATION, "acme", List.of("acme/widgets", "acme/gadgets", "acme/absent"));
    bed.host.registerInstallation(OTHER_INSTALLATION, "rival", List.of("rival/secret"));
  }

  @AfterEach
  void stopHost() {
    bed.close();
  }

  @Test
  void shallowFetch_shouldCheckOutTipCommit_whenTokenCoversRepository() throws Exception {
    String token = bed.mintToken(INSTALLATION, "{\"repositories\":[\"widgets\"]}");
    Path work = temp.resolve("tip");

    GitTestClient.shallowFetch(bed.cloneUrl("acme/widgets"), token, secondSha, work);

    assertFilesEqual(SECOND, GitTestClient.workingTree(work));
    assertShallowWithOneCommit(work, secondSha);
  }

  @Test
  void shallowFetch_shouldCheckOutNonTipCommit_whenShaIsReachable() throws Exception {
    String token = bed.mintToken(INSTALLATION, null);
    Path work = temp.resolve("non-tip");

    GitTestClient.shallowFetch(bed.cloneUrl("acme/widgets"), token, firstSha, work);

    assertFilesEqual(FIRST, GitTestClient.workingTree(work));
    assertShallowWithOneCommit(work, firstSha);
  }

  @Test
  void gitCli_shouldCloneTipAndFetchNonTipSha_whenTokenValid() throws Exception {
    assumeTrue(GitTestClient.gitCliAvailable(), "git is not on PATH");
    String token = bed.mintToken(INSTALLATION, null);
    Path clone = temp.resolve("cli-clone");
    Path fetch = Files.createDirectories(temp.resolve("cli-fetch"));

    GitTestClient.CliResult cloned =
        GitTestClient.git(
            temp,
            userHome,
            token,
            "clone",
            "--depth",
            "1",
            "--quiet",
            bed.cloneUrl("acme/widgets").toString(),
            clone.toString());
    assertEquals(0, cloned.exitCode(), cloned.output());
    assertFilesEqual(SECOND, GitTestClient.workingTree(clone));

    assertEquals(0, GitTestClient.git(fetch, userHome, null, "init", "--quiet").exitCode());
    GitTestClient.CliResult fetched =
        GitTestClient.git(
            fetch,
            userHome,
            token,
            "-c",
            "protocol.version=2",
            "fetch",
            "--quiet",
            "--depth",
            "1",
            bed.cloneUrl("acme/widgets").toString(),
            firstSha);
    assertEquals(0, fetched.exitCode(), fetched.output());
    GitTestClient.CliResult checkout =
        GitTestClient.git(
            fetch,
            userHome,
            null,
            "-c",
            "advice.detachedHead=false",
            "checkout",
            "--quiet",
            firstSha);
    assertEquals(0, checkout.exitCode(), checkout.output());
    assertFilesEqual(FIRST, GitTestClient.workingTree(fetch));
    assertFalse(cloned.output().contains(token) || fetched.output().contains(token));
  }

  @Test
  void shallowFetch_shouldDeliverHostileTreeVerbatim_whenRepositoryHoldsOne() throws Exception {
    String hostile =
        bed.fixtures.commit(
            "acme",
            "gadgets",
            FixtureTree.create()
                .file("../escape.txt", "up")
                .executable(".git/hooks/post-checkout", "#!/bin/sh\n".getBytes(UTF_8))
                .file("A.txt", "upper")
                .file("a.txt", "lower")
                .symlink("passwd", "/etc/passwd")
                .submodule("vendor/lib", "file:///etc", firstSha),
            "hostile");
    String token = bed.mintToken(INSTALLATION, "{\"repositories\":[\"gadgets\"]}");
    Path fetched = temp.resolve("hostile.git");

    GitTestClient.shallowFetchWithoutCheckout(
        bed.cloneUrl("acme/gadgets"), token, hostile, fetched);

    List<String> paths = new java.util.ArrayList<>();
    try (org.eclipse.jgit.lib.Repository repo = Git.open(fetched.toFile()).getRepository();
        org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo);
        org.eclipse.jgit.treewalk.TreeWalk tree = new org.eclipse.jgit.treewalk.TreeWalk(repo)) {
      tree.addTree(walk.parseCommit(repo.resolve(hostile)).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        paths.add(tree.getPathString() + " " + tree.getFileMode(0));
      }
    }
    assertTrue(
        paths.contains("../escape.txt " + org.eclipse.jgit.lib.FileMode.REGULAR_FILE),
        paths.toString());
    assertTrue(
        paths.contains(".git/hooks/post-checkout " + org.eclipse.jgit.lib.FileMode.EXECUTABLE_FILE),
        paths.toString());
    assertTrue(paths.contains("passwd " + org.eclipse.jgit.lib.FileMode.SYMLINK), paths.toString());
    assertTrue(
        paths.contains("vendor/lib " + org.eclipse.jgit.lib.FileMode.GITLINK), paths.toString());
    assertTrue(
        paths.contains("A.txt " + org.eclipse.jgit.lib.FileMode.REGULAR_FILE)
            && paths.contains("a.txt " + org.eclipse.jgit.lib.FileMode.REGULAR_FILE),
        paths.toString());
  }

  @Test
  void infoRefs_shouldAdvertiseProtocolV2_whenClientAsksForIt() throws Exception {
    String token = bed.mintToken(INSTALLATION, null);

    HttpResponse<String> response =
        bed.http.send(
            HttpRequest.newBuilder(
                    bed.cloneUrl("acme/widgets")
                        .resolve("widgets.git/info/refs?service=git-upload-pack"))
                .header("Authorization", basic("x-access-token", token))
                .header("Git-Protocol", "version=2")
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("version 2"), response.body());
    assertTrue(response.body().contains("fetch"), response.body());
  }

  @Test
  void gitRequest_shouldReturn401WithBasicChallenge_whenNoCredentials() throws Exception {
    RawHttp.Reply reply =
        RawHttp.send(
            bed.host.gitBaseUrl(),
            "GET",
            "/acme/widgets.git/info/refs?service=git-upload-pack",
            null);

    assertEquals(401, reply.status());
    assertTrue(reply.head().toLowerCase().contains("www-authenticate: basic"), reply.head());
    assertEquals(1, bed.host.tokenStats().rejectedGitCredentials());
  }

  @Test
  void gitRequest_shouldReturn401_whenTokenUnknown() throws Exception {
    bed.mintToken(INSTALLATION, null);

    assertEquals(401, infoRefs("acme/widgets", basic("x-access-token", "ghs_" + "x".repeat(36))));
    assertEquals(401, infoRefs("acme/widgets", "Bearer ghs_whatever"));
    assertEquals(401, infoRefs("acme/widgets", "Basic !!!not-base64"));
  }

  @Test
  void gitRequest_shouldReturn401_whenUserIsNotXAccessToken() throws Exception {
    String token = bed.mintToken(INSTALLATION, null);

    assertEquals(401, infoRefs("acme/widgets", basic("someone", token)));
    assertEquals(200, infoRefs("acme/widgets", basic("x-access-token", token)));
  }

  @Test
  void jgitFetch_shouldFailNotAuthorized_whenTokenWrong() {
    TransportException e =
        assertThrows(
            TransportException.class,
            () ->
                GitTestClient.shallowFetch(
                    bed.cloneUrl("acme/widgets"), "ghs_wrong", secondSha, temp.resolve("wrong")));
    assertTrue(
        e.getMessage().toLowerCase().contains("not authorized") || e.getMessage().contains("401"),
        e.getMessage());
  }

  @Test
  void gitRequest_shouldReturn401_whenTokenRevoked() throws Exception {
    String token = bed.mintToken(INSTALLATION, null);
    assertEquals(200, infoRefs("acme/widgets", basic("x-access-token", token)));

    assertEquals(204, bed.api("DELETE", "installation/token", "token " + token, null).statusCode());

    assertEquals(401, infoRefs("acme/widgets", basic("x-access-token", token)));
  }

  @Test
  void gitRequest_shouldReturn401_whenTokenExpired() throws Exception {
    String token = bed.mintToken(INSTALLATION, null);
    bed.clock.advance(Duration.ofMinutes(59));
    assertEquals(200, infoRefs("acme/widgets", basic("x-access-token", token)));

    bed.clock.advance(Duration.ofMinutes(1));

    assertEquals(401, infoRefs("acme/widgets", basic("x-access-token", token)));
    assertEquals(0, bed.host.tokenStats().active());
  }

  @Test
  void gitRequest_shouldReturn404_whenTokenDoesNotCoverRepository() throws Exception {
    String widgetsOnly = bed.mintToken(INSTALLATION, "{\"repositories\":[\"widgets\"]}");
    String rival = bed.mintToken(OTHER_INSTALLATION, null);

    assertEquals(404, infoRefs("acme/gadgets", basic("x-access-token", widgetsOnly)));
    assertEquals(404, infoRefs("rival/secret", basic("x-access-token", widgetsOnly)));
    assertEquals(404, infoRefs("acme/widgets", basic("x-access-token", rival)));
    assertEquals(200, infoRefs("rival/secret", basic("x-access-token", rival)));
  }

  @Test
  void gitRequest_shouldReturn404_whenTokenLacksContentsPermission() throws Exception {
    String metadataOnly = bed.mintToken(INSTALLATION, "{\"permissions\":{\"metadata\":\"read\"}}");

    assertEquals(404, infoRefs("acme/widgets", basic("x-access-token", metadataOnly)));
  }

  @Test
  void gitRequest_shouldReturn404_whenRepositoryIsGrantedButMissing() throws Exception {
    String token = bed.mintToken(INSTALLATION, null);

    assertEquals(404, infoRefs("acme/absent", basic("x-access-token", token)));
  }

  @Test
  void push_shouldBeRefused_whenTokenIsValid() throws Exception {
    String token = bed.mintToken(INSTALLATION, null);
    Path work = temp.resolve("push");
    GitTestClient.shallowFetch(bed.cloneUrl("acme/widgets"), token, secondSha, work);

    try (Git git = Git.open(work.toFile())) {
      Files.writeString(work.resolve("pushed.txt"), "should never land\n");
      git.add().addFilepattern("pushed.txt").call();
      RevCommit commit =
          git.commit()
              .setMessage("attempt")
              .setAuthor("t", "t@example.invalid")
              .setCommitter("t", "t@example.invalid")
              .call();
      UsernamePasswordCredentialsProvider credentials =
          new UsernamePasswordCredentialsProvider("x-access-token", token);
      Exception refused =
          assertThrows(
              Exception.class,
              () -> {
                for (PushResult result :
                    git.push()
                        .setRemote(bed.cloneUrl("acme/widgets").toString())
                        .setRefSpecs(new RefSpec(commit.name() + ":refs/heads/main"))
                        .setCredentialsProvider(credentials)
                        .call()) {
                  for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    assertNotEquals(RemoteRefUpdate.Status.OK, update.getStatus());
                  }
                }
                throw new IllegalStateException("push was not refused by the transport");
              });
      assertFalse(refused instanceof IllegalStateException, refused.toString());
    }
    assertEquals(secondSha, bed.fixtures.tip("acme", "widgets").orElseThrow());
    RawHttp.Reply receive =
        RawHttp.send(
            bed.host.gitBaseUrl(),
            "GET",
            "/acme/widgets.git/info/refs?service=git-receive-pack",
            basic("x-access-token", token));
    assertEquals(403, receive.status());
    RawHttp.Reply post =
        RawHttp.send(
            bed.host.gitBaseUrl(),
            "POST",
            "/acme/widgets.git/git-receive-pack",
            basic("x-access-token", token));
    assertTrue(post.status() == 403 || post.status() == 404, "status " + post.status());
  }

  @Test
  void dumbProtocol_shouldNotServeRepositoryFiles_whenTokenIsValid() throws Exception {
    String token = bed.mintToken(INSTALLATION, null);

    for (String path :
        List.of(
            "/acme/widgets.git/HEAD",
            "/acme/widgets.git/config",
            "/acme/widgets.git/info/refs",
            "/acme/widgets.git/objects/info/packs")) {
      RawHttp.Reply reply =
          RawHttp.send(bed.host.gitBaseUrl(), "GET", path, basic("x-access-token", token));
      assertNotEquals(200, reply.status(), path);
      assertFalse(reply.body().contains("refs/heads/main"), path);
    }
  }

  /** Traversal targets Jetty can parse: they reach the host, which answers 404. */
  static Stream<String> traversalTargets() {
    return Stream.of(
        "/acme/../rival/secret.git/info/refs?service=git-upload-pack",
        "/acme/%2e%2e/rival/secret.git/info/refs?service=git-upload-pack",
        "/acme/%2E%2E%2Frival/secret.git/info/refs?service=git-upload-pack",
        "/acme%2f..%2frival/secret.git/info/refs?service=git-upload-pack",
        "/acme/..%5crival/secret.git/info/refs?service=git-upload-pack",
        "/acme/widgets.git/objects/../config",
        "/acme/widgets.git/objects/%2e%2e/config",
        "/acme/./widgets.git/info/refs?service=git-upload-pack",
        "/acme/widgets.git/./info/refs?service=git-upload-pack",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/acme/widgets.git/%2e%2e%2f%2e%2e%2f%2e%2e%2foutside/secret.txt",
        "/api/v3/../v3/app",
        "/api/v3/%2e%2e/v3/installation/repositories",
        "/linked/evil.git/info/refs?service=git-upload-pack",
        "/acme/linked.git/info/refs?service=git-upload-pack",
        "/acme/widgets.git\\..\\..\\outside/secret.txt");
  }

  /**
   * Targets that climb above {@code /} or carry an encoded NUL: Jetty's request parser refuses them
   * with 400 before any handler runs, so they never touch the file system.
   */
  static Stream<String> unparseableTargets() {
    return Stream.of(
        "/acme/../../outside/evil.git/info/refs?service=git-upload-pack",
        "/acme/%2e%2e/%2e%2e/outside/evil.git/info/refs?service=git-upload-pack",
        "/%2e%2e/outside/evil.git/info/refs?service=git-upload-pack",
        "/acme/widgets.git/../../../outside/secret.txt",
        "/acme/widgets.git/objects/../../../../outside/secret.txt",
        "/api/v3/../../../outside/secret.txt",
        "/acme/widgets.git/%00/info/refs");
  }

  @ParameterizedTest
  @MethodSource("traversalTargets")
  void request_shouldReturn404AndNothingOutsideRoot_whenPathTraverses(String target)
      throws Exception {
    assertRefused(target, 404);
  }

  @ParameterizedTest
  @MethodSource("unparseableTargets")
  void request_shouldBeRefusedByJettyParser_whenPathClimbsAboveRoot(String target)
      throws Exception {
    assertRefused(target, 400);
  }

  @Test
  void request_shouldReturn404_whenRequestTargetIsAbsoluteUriWithTraversal() throws Exception {
    assertRefused(
        "http://127.0.0.1:"
            + bed.host.gitBaseUrl().getPort()
            + "/acme/../rival/secret.git/info/refs?service=git-upload-pack",
        404);
  }

  private void assertRefused(String target, int expectedStatus) throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), OUTSIDE_CANARY);
    new FixtureRepositories(temp)
        .create("outside", "evil", Map.of("canary.txt", OUTSIDE_CANARY.getBytes(UTF_8)));
    // Symlinks planted under the root that point outside it: a repository and a whole owner.
    Files.createSymbolicLink(bed.root.resolve("acme/linked.git"), outside.resolve("evil.git"));
    Files.createSymbolicLink(bed.root.resolve("linked"), outside);
    bed.host.registerInstallation(INSTALLATION, "acme", List.of("acme/widgets", "acme/linked"));
    bed.host.registerInstallation(9, "linked", List.of("linked/evil"));
    String acme = bed.mintToken(INSTALLATION, null);
    String linked = bed.mintToken(9, null);
    String rival = bed.mintToken(OTHER_INSTALLATION, null);

    for (String token : List.of(acme, linked, rival)) {
      RawHttp.Reply reply =
          RawHttp.send(bed.host.gitBaseUrl(), "GET", target, basic("x-access-token", token));
      assertEquals(expectedStatus, reply.status(), target + "\n" + reply.head());
      assertFalse(reply.body().contains(OUTSIDE_CANARY), target);
      assertFalse(reply.body().contains("refs/heads/main"), target);
      assertFalse(reply.body().contains("repositoryformatversion"), target);
    }
  }

  @Test
  void requestLog_shouldNeverContainTokenValues_whenTokensAreUsedEverywhere() throws Exception {
    String token = bed.mintToken(INSTALLATION, null);
    String revoked = bed.mintToken(INSTALLATION, "{\"repositories\":[\"gadgets\"]}");
    String jwt = bed.appJwt();
    GitTestClient.shallowFetch(bed.cloneUrl("acme/widgets"), token, firstSha, temp.resolve("log"));
    bed.api("GET", "installation/repositories", "token " + token, null);
    bed.api("DELETE", "installation/token", "Bearer " + revoked, null);
    infoRefs("acme/gadgets", basic("x-access-token", revoked));
    infoRefs("rival/secret", basic("x-access-token", token));
    bed.requestToken(INSTALLATION, "Bearer " + jwt + "x", null);
    // A careless client could put the credential in the URL path itself.
    RawHttp.send(
        bed.host.gitBaseUrl(),
        "GET",
        "/acme/" + token + ".git/info/refs",
        basic("x-access-token", token));
    RawHttp.send(bed.host.gitBaseUrl(), "GET", "/api/v3/" + jwt, null);
    RawHttp.send(bed.host.gitBaseUrl(), "GET", "/acme/%2e%2e/" + token, null);

    List<String> lines = List.copyOf(bed.logLines);
    assertTrue(lines.size() >= 10, "log lines: " + lines.size());
    assertTrue(
        lines.stream()
            .anyMatch(l -> l.contains("git-upload-pack") && l.contains(" 200 installation:7")),
        String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.contains(" 401 ")), String.join("\n", lines));
    for (String secret : List.of(token, revoked, jwt, token.substring(4), jwt.split("\\.")[2])) {
      for (String line : lines) {
        assertFalse(line.contains(secret), "log line leaks a credential: " + line);
      }
      for (RequestLogEntry entry : bed.host.requestLog()) {
        assertFalse(entry.toString().contains(secret));
      }
    }
  }

  private int infoRefs(String fullName, String authorization) throws IOException {
    return RawHttp.send(
            bed.host.gitBaseUrl(),
            "GET",
            "/" + fullName + ".git/info/refs?service=git-upload-pack",
            authorization)
        .status();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
  }

  private static void assertFilesEqual(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((path, content) -> assertArrayEquals(content, actual.get(path), path));
  }

  private static void assertShallowWithOneCommit(Path work, String sha) throws Exception {
    try (Git git = Git.open(work.toFile())) {
      assertEquals(sha, git.getRepository().resolve("HEAD").name());
      long commits =
          Stream.of(git.log().call())
              .flatMap(it -> java.util.stream.StreamSupport.stream(it.spliterator(), false))
              .count();
      assertEquals(1, commits);
    }
    assertEquals(sha, Files.readString(work.resolve(".git/shallow")).strip());
  }
}
