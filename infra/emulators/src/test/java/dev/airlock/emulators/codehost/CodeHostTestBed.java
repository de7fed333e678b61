package dev.airlock.emulators.codehost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.emulators.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A started {@link LocalCodeHost} on a temporary root with a hand-moved clock and a captured
 * request log, plus helpers that call its API over real HTTP.
 */
final class CodeHostTestBed implements AutoCloseable {

  static final long APP_ID = 4242;
  static final KeyPair APP_KEYS = rsaKeyPair();
  static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

  final Path root;
  final MutableClock clock = new MutableClock(START);
  final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
  final FixtureRepositories fixtures;
  final LocalCodeHost host;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final ObjectMapper json = new ObjectMapper();

  CodeHostTestBed(Path tempDir) throws IOException {
    root = Files.createDirectories(tempDir.resolve("repos"));
    fixtures = new FixtureRepositories(root);
    host =
        LocalCodeHost.start(
            LocalCodeHostConfig.builder(root)
                .appId(APP_ID)
                .appPublicKey((RSAPublicKey) APP_KEYS.getPublic())
                .clock(clock)
                .requestLogSink(logLines::add)
                .build());
  }

  static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String appJwt() {
    return AppJwts.forApp(APP_KEYS.getPrivate(), APP_ID, clock.instant());
  }

  HttpResponse<String> api(String method, String path, String authorization, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(host.apiBaseUrl().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Accept", "application/vnd.github+json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> requestToken(long installationId, String authorization, String body)
      throws IOException, InterruptedException {
    return api(
        "POST", "app/installations/" + installationId + "/access_tokens", authorization, body);
  }

  /** Mints a token through the real API with a valid JWT; fails the test unless 201. */
  String mintToken(long installationId, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = requestToken(installationId, "Bearer " + appJwt(), body);
    assertEquals(201, response.statusCode(), response.body());
    return json(response).get("token").asText();
  }

  JsonNode json(HttpResponse<String> response) throws IOException {
    return json.readTree(response.body());
  }

  URI cloneUrl(String fullName) {
    return host.cloneUrl(fullName);
  }

  @Override
  public void close() {
    host.close();
  }
}
