package dev.airlock.emulators.codehost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The GitHub-shaped token API over real HTTP. */
class TokenApiIT {

  private static final long INSTALLATION = 31;
  private static final long OTHER = 32;
  private static final PrivateKey OTHER_KEY = CodeHostTestBed.rsaKeyPair().getPrivate();

  @TempDir Path temp;
  private CodeHostTestBed bed;

  @BeforeEach
  void startHost() throws Exception {
    bed = new CodeHostTestBed(temp);
    bed.host.registerInstallation(INSTALLATION, "acme", List.of("acme/widgets", "acme/gadgets"));
    bed.host.registerInstallation(OTHER, "rival", List.of("rival/secret"));
  }

  @AfterEach
  void stopHost() {
    bed.close();
  }

  @Test
  void createAccessToken_shouldReturn201WithGitHubShape_whenJwtValid() throws Exception {
    HttpResponse<String> response = bed.requestToken(INSTALLATION, "Bearer " + bed.appJwt(), null);

    assertEquals(201, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode body = bed.json(response);
    String token = body.get("token").asText();
    assertTrue(token.startsWith("ghs_") && token.length() >= 40, "token shape");
    assertEquals(
        CodeHostTestBed.START.plus(Duration.ofHours(1)),
        Instant.parse(body.get("expires_at").asText()));
    assertEquals(
        Map.of("contents", "read", "metadata", "read"),
        Map.of(
            "contents",
            body.at("/permissions/contents").asText(),
            "metadata",
            body.at("/permissions/metadata").asText()));
    assertEquals(2, body.get("permissions").size());
    assertEquals("selected", body.get("repository_selection").asText());
    assertEquals(List.of("acme/gadgets", "acme/widgets"), fullNames(body.get("repositories")));
    assertEquals(
        bed.cloneUrl("acme/widgets").toString(), body.at("/repositories/1/clone_url").asText());
    assertEquals(new TokenStats(1, 0, 1, 0, 0), bed.host.tokenStats());
  }

  @Test
  void createAccessToken_shouldKeepOnlyDigest_whenTokenMinted() throws Exception {
    String token = bed.mintToken(INSTALLATION, null);

    assertFalse(bed.host.storedTokenKeys().contains(token));
    assertTrue(bed.host.storedTokenKeys().contains(InstallationTokens.hash(token)));
    assertFalse(bed.host.storedTokenKeys().stream().anyMatch(k -> k.contains(token.substring(4))));
  }

  @Test
  void createAccessToken_shouldMintDistinctTokens_whenCalledTwice() throws Exception {
    assertFalse(bed.mintToken(INSTALLATION, null).equals(bed.mintToken(INSTALLATION, null)));
  }

  @Test
  void createAccessToken_shouldScopeToRequestedRepositories_whenNamesOrIdsGiven() throws Exception {
    long gadgetsId = bed.host.repositoryId("acme/gadgets");

    JsonNode byName =
        bed.json(
            bed.requestToken(
                INSTALLATION, "Bearer " + bed.appJwt(), "{\"repositories\":[\"widgets\"]}"));
    JsonNode byFullName =
        bed.json(
            bed.requestToken(
                INSTALLATION, "Bearer " + bed.appJwt(), "{\"repositories\":[\"acme/widgets\"]}"));
    JsonNode byId =
        bed.json(
            bed.requestToken(
                INSTALLATION,
                "Bearer " + bed.appJwt(),
                "{\"repository_ids\":[" + gadgetsId + "]}"));

    assertEquals(List.of("acme/widgets"), fullNames(byName.get("repositories")));
    assertEquals(List.of("acme/widgets"), fullNames(byFullName.get("repositories")));
    assertEquals(List.of("acme/gadgets"), fullNames(byId.get("repositories")));
    assertEquals(gadgetsId, byId.at("/repositories/0/id").asLong());
    HttpResponse<String> listed =
        bed.api("GET", "installation/repositories", "token " + byName.get("token").asText(), null);
    assertEquals(200, listed.statusCode());
    assertEquals(1, bed.json(listed).get("total_count").asInt());
    assertEquals(List.of("acme/widgets"), fullNames(bed.json(listed).get("repositories")));
  }

  static Stream<Arguments> repositoriesOutsideInstallation() {
    return Stream.of(
        Arguments.of("{\"repositories\":[\"secret\"]}"),
        Arguments.of("{\"repositories\":[\"rival/secret\"]}"),
        Arguments.of("{\"repositories\":[\"widgets\",\"nonexistent\"]}"),
        Arguments.of("{\"repositories\":[\"../rival/secret\"]}"),
        Arguments.of("{\"repository_ids\":[999999999]}"));
  }

  @ParameterizedTest
  @MethodSource("repositoriesOutsideInstallation")
  void createAccessToken_shouldReturn422AndMintNothing_whenRepositoryOutsideInstallation(
      String body) throws Exception {
    HttpResponse<String> response = bed.requestToken(INSTALLATION, "Bearer " + bed.appJwt(), body);

    assertEquals(422, response.statusCode(), response.body());
    assertTrue(bed.json(response).get("message").asText().contains("not accessible"));
    assertEquals(0, bed.host.tokenStats().issued());
  }

  @Test
  void createAccessToken_shouldReturn422_whenRepositoryIdBelongsToAnotherInstallation()
      throws Exception {
    long rivalId = bed.host.repositoryId("rival/secret");

    HttpResponse<String> response =
        bed.requestToken(
            INSTALLATION, "Bearer " + bed.appJwt(), "{\"repository_ids\":[" + rivalId + "]}");

    assertEquals(422, response.statusCode());
    assertEquals(0, bed.host.tokenStats().issued());
  }

  @Test
  void createAccessToken_shouldReturn422_whenPermissionsExceedInstallation() throws Exception {
    for (String body :
        List.of(
            "{\"permissions\":{\"contents\":\"write\"}}",
            "{\"permissions\":{\"administration\":\"read\"}}",
            "{\"permissions\":{\"contents\":7}}")) {
      HttpResponse<String> response =
          bed.requestToken(INSTALLATION, "Bearer " + bed.appJwt(), body);
      assertEquals(422, response.statusCode(), body);
    }
    JsonNode narrowed =
        bed.json(
            bed.requestToken(
                INSTALLATION,
                "Bearer " + bed.appJwt(),
                "{\"permissions\":{\"contents\":\"read\"}}"));
    assertEquals(1, narrowed.get("permissions").size());
    assertEquals(1, bed.host.tokenStats().issued());
  }

  @Test
  void createAccessToken_shouldReturn400_whenBodyIsNotJsonObject() throws Exception {
    for (String body : List.of("{not json", "[\"widgets\"]", "\"x\"")) {
      HttpResponse<String> response =
          bed.requestToken(INSTALLATION, "Bearer " + bed.appJwt(), body);
      assertEquals(400, response.statusCode(), body);
      assertEquals("Problems parsing JSON", bed.json(response).get("message").asText());
    }
    assertEquals(
        422,
        bed.requestToken(INSTALLATION, "Bearer " + bed.appJwt(), "{\"repositories\":\"widgets\"}")
            .statusCode());
    assertEquals(0, bed.host.tokenStats().issued());
  }

  @Test
  void createAccessToken_shouldReturn404_whenInstallationUnknown() throws Exception {
    HttpResponse<String> response = bed.requestToken(999, "Bearer " + bed.appJwt(), null);

    assertEquals(404, response.statusCode());
    assertEquals("Not Found", bed.json(response).get("message").asText());
  }

  static Stream<Arguments> invalidJwts() {
    long appId = CodeHostTestBed.APP_ID;
    PrivateKey key = CodeHostTestBed.APP_KEYS.getPrivate();
    String rs = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    List<Arguments> cases = new ArrayList<>();
    cases.add(
        jwt(
            "expired",
            now ->
                JwtForgery.rs256(
                    key, rs, JwtForgery.claims(now - 600, now - 1, "\"" + appId + "\""))));
    cases.add(
        jwt(
            "expires exactly now",
            now ->
                JwtForgery.rs256(key, rs, JwtForgery.claims(now - 300, now, "\"" + appId + "\""))));
    cases.add(
        jwt(
            "lifetime over 600 s",
            now ->
                JwtForgery.rs256(
                    key, rs, JwtForgery.claims(now - 60, now + 541, "\"" + appId + "\""))));
    cases.add(
        jwt(
            "iat more than 60 s ahead",
            now ->
                JwtForgery.rs256(
                    key, rs, JwtForgery.claims(now + 61, now + 300, "\"" + appId + "\""))));
    cases.add(
        jwt(
            "exp before iat",
            now ->
                JwtForgery.rs256(
                    key, rs, JwtForgery.claims(now + 30, now + 10, "\"" + appId + "\""))));
    cases.add(
        jwt(
            "signed by another key",
            now -> AppJwts.forApp(OTHER_KEY, appId, Instant.ofEpochSecond(now))));
    cases.add(
        jwt(
            "alg none",
            now ->
                JwtForgery.unsecured(JwtForgery.claims(now - 60, now + 300, "\"" + appId + "\""))));
    cases.add(
        jwt(
            "alg none with a real RS256 signature",
            now -> {
              String real = AppJwts.forApp(key, appId, Instant.ofEpochSecond(now));
              return JwtForgery.b64("{\"alg\":\"none\"}") + real.substring(real.indexOf('.'));
            }));
    cases.add(
        jwt(
            "HS256 keyed with the public key",
            now ->
                JwtForgery.hs256WithPublicKey(
                    CodeHostTestBed.APP_KEYS.getPublic(),
                    JwtForgery.claims(now - 60, now + 300, "\"" + appId + "\""))));
    cases.add(
        jwt(
            "RS512 header",
            now ->
                JwtForgery.rs256(
                    key,
                    "{\"alg\":\"RS512\"}",
                    JwtForgery.claims(now - 60, now + 300, "\"" + appId + "\""))));
    cases.add(
        jwt(
            "wrong iss",
            now ->
                JwtForgery.rs256(
                    key, rs, JwtForgery.claims(now - 60, now + 300, "\"" + (appId + 1) + "\""))));
    cases.add(
        jwt(
            "missing iss",
            now ->
                JwtForgery.rs256(
                    key, rs, "{\"iat\":" + (now - 60) + ",\"exp\":" + (now + 300) + "}")));
    cases.add(
        jwt(
            "iat as string",
            now ->
                JwtForgery.rs256(
                    key,
                    rs,
                    "{\"iat\":\""
                        + (now - 60)
                        + "\",\"exp\":"
                        + (now + 300)
                        + ",\"iss\":"
                        + appId
                        + "}")));
    cases.add(
        jwt(
            "claims tampered after signing",
            now -> {
              String real = AppJwts.forApp(key, appId, Instant.ofEpochSecond(now));
              String[] parts = real.split("\\.");
              return parts[0]
                  + "."
                  + JwtForgery.b64(
                      JwtForgery.claims(now - 60, now + 300, "\"" + (appId + 1) + "\""))
                  + "."
                  + parts[2];
            }));
    cases.add(
        jwt(
            "two segments",
            now -> JwtForgery.b64("{\"alg\":\"RS256\"}") + "." + JwtForgery.b64("{}")));
    cases.add(jwt("garbage", now -> "not-a-jwt"));
    cases.add(
        jwt("padded base64", now -> AppJwts.forApp(key, appId, Instant.ofEpochSecond(now)) + "=="));
    cases.add(
        jwt(
            "header not JSON",
            now -> JwtForgery.b64("RS256") + "." + JwtForgery.b64("{}") + ".AAAA"));
    cases.add(jwt("empty", now -> ""));
    return cases.stream();
  }

  private static Arguments jwt(String name, Function<Long, String> forge) {
    return Arguments.of(name, forge);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidJwts")
  void createAccessToken_shouldReturn401AndMintNothing_whenJwtInvalid(
      String name, Function<Long, String> forge) throws Exception {
    String jwt = forge.apply(bed.clock.instant().getEpochSecond());

    HttpResponse<String> response = bed.requestToken(INSTALLATION, "Bearer " + jwt, null);

    assertEquals(401, response.statusCode(), name + ": " + response.body());
    assertFalse(bed.json(response).get("message").asText().isBlank());
    if (!jwt.isEmpty()) {
      assertFalse(response.body().contains(jwt));
    }
    assertEquals(0, bed.host.tokenStats().issued());
    assertEquals(1, bed.host.tokenStats().rejectedAppJwts());
  }

  @Test
  void createAccessToken_shouldReturn401_whenAuthorizationMissingOrNotBearer() throws Exception {
    assertEquals(401, bed.requestToken(INSTALLATION, null, null).statusCode());
    assertEquals(401, bed.requestToken(INSTALLATION, "token " + bed.appJwt(), null).statusCode());
    String installationToken = bed.mintToken(INSTALLATION, null);
    assertEquals(
        401, bed.requestToken(INSTALLATION, "Bearer " + installationToken, null).statusCode());
    assertEquals(1, bed.host.tokenStats().issued());
  }

  @Test
  void createAccessToken_shouldAcceptJwt_whenAtGitHubLimits() throws Exception {
    long now = bed.clock.instant().getEpochSecond();
    PrivateKey key = CodeHostTestBed.APP_KEYS.getPrivate();
    String rs = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String numericIss =
        JwtForgery.rs256(
            key, rs, JwtForgery.claims(now - 60, now + 540, Long.toString(CodeHostTestBed.APP_ID)));
    String tenMinutes =
        JwtForgery.rs256(
            key, rs, JwtForgery.claims(now - 100, now + 500, "\"" + CodeHostTestBed.APP_ID + "\""));
    String slightlyAhead =
        JwtForgery.rs256(
            key, rs, JwtForgery.claims(now + 60, now + 600, "\"" + CodeHostTestBed.APP_ID + "\""));

    for (String jwt : List.of(numericIss, tenMinutes, slightlyAhead)) {
      assertEquals(201, bed.requestToken(INSTALLATION, "Bearer " + jwt, null).statusCode());
    }
  }

  @Test
  void createAccessToken_shouldReturn401_whenJwtAgesPastExpiry() throws Exception {
    String jwt = bed.appJwt();
    assertEquals(201, bed.requestToken(INSTALLATION, "Bearer " + jwt, null).statusCode());

    bed.clock.advance(Duration.ofMinutes(9));

    assertEquals(401, bed.requestToken(INSTALLATION, "Bearer " + jwt, null).statusCode());
  }

  @Test
  void revokeToken_shouldReturn204ThenRefuseToken_whenTokenValid() throws Exception {
    String bearer = bed.mintToken(INSTALLATION, null);
    String tokenScheme = bed.mintToken(INSTALLATION, null);

    assertEquals(
        204, bed.api("DELETE", "installation/token", "Bearer " + bearer, null).statusCode());
    assertEquals(
        204, bed.api("DELETE", "installation/token", "token " + tokenScheme, null).statusCode());

    assertEquals(
        401, bed.api("DELETE", "installation/token", "token " + bearer, null).statusCode());
    assertEquals(
        401,
        bed.api("GET", "installation/repositories", "token " + tokenScheme, null).statusCode());
    assertEquals(new TokenStats(2, 2, 0, 0, 0), bed.host.tokenStats());
  }

  @Test
  void revokeToken_shouldReturn401_whenTokenUnknownOrMissing() throws Exception {
    bed.mintToken(INSTALLATION, null);

    assertEquals(
        401, bed.api("DELETE", "installation/token", "token ghs_unknown", null).statusCode());
    assertEquals(401, bed.api("DELETE", "installation/token", null, null).statusCode());
    assertEquals(
        401, bed.api("DELETE", "installation/token", "Bearer " + bed.appJwt(), null).statusCode());
    assertEquals(0, bed.host.tokenStats().revoked());
    assertEquals(1, bed.host.tokenStats().active());
  }

  @Test
  void tokenStats_shouldCountExpiredTokensAsInactive_whenClockPassesTtl() throws Exception {
    String token = bed.mintToken(INSTALLATION, null);
    bed.clock.advance(Duration.ofMinutes(30));
    bed.mintToken(INSTALLATION, null);

    bed.clock.advance(Duration.ofMinutes(30));

    assertEquals(new TokenStats(2, 0, 1, 0, 0), bed.host.tokenStats());
    assertEquals(
        401, bed.api("GET", "installation/repositories", "token " + token, null).statusCode());
  }

  @Test
  void getInstallation_shouldDescribeInstallation_whenJwtValid() throws Exception {
    HttpResponse<String> response =
        bed.api("GET", "app/installations/" + INSTALLATION, "Bearer " + bed.appJwt(), null);

    assertEquals(200, response.statusCode());
    JsonNode body = bed.json(response);
    assertEquals(INSTALLATION, body.get("id").asLong());
    assertEquals("acme", body.at("/account/login").asText());
    assertEquals(CodeHostTestBed.APP_ID, body.get("app_id").asLong());
    assertEquals(401, bed.api("GET", "app/installations/" + INSTALLATION, null, null).statusCode());
    assertEquals(
        404, bed.api("GET", "app/installations/999", "Bearer " + bed.appJwt(), null).statusCode());
  }

  @Test
  void unknownRoute_shouldReturn404Json_whenPathOrMethodNotModelled() throws Exception {
    for (String[] call :
        new String[][] {
          {"GET", "app/installations/31/access_tokens"},
          {"PUT", "installation/token"},
          {"GET", "repos/acme/widgets"}
        }) {
      HttpResponse<String> response = bed.api(call[0], call[1], "Bearer " + bed.appJwt(), null);
      assertEquals(404, response.statusCode(), call[0] + " " + call[1]);
      assertEquals("Not Found", bed.json(response).get("message").asText());
    }
  }

  @Test
  void host_shouldGenerateUsableKeyPair_whenNoPublicKeyConfigured() throws Exception {
    java.nio.file.Files.createDirectories(temp.resolve("gen"));
    try (LocalCodeHost generated =
        LocalCodeHost.start(
            LocalCodeHostConfig.builder(temp.resolve("gen"))
                .appId(77)
                .requestLogSink(line -> {})
                .build())) {
      generated.registerInstallation(1, "acme", List.of("acme/widgets"));
      PrivateKey key = generated.appKeyPair().orElseThrow().getPrivate();
      java.net.http.HttpRequest request =
          java.net.http.HttpRequest.newBuilder(
                  generated.apiBaseUrl().resolve("app/installations/1/access_tokens"))
              .header("Authorization", "Bearer " + AppJwts.forApp(key, 77, Instant.now()))
              .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
              .build();

      assertEquals(201, bed.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
      assertTrue(bed.host.appKeyPair().isEmpty());
    }
  }

  private static List<String> fullNames(JsonNode repositories) {
    List<String> names = new ArrayList<>();
    repositories.forEach(r -> names.add(r.get("full_name").asText()));
    return names;
  }
}
