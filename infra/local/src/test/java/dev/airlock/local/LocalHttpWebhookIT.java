package dev.airlock.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local HTTP server is API Gateway's stand-in: for every checked-in webhook event ({@code
 * events/webhook/*.json}, real fixture payloads signed with the documented test secret), a real
 * HTTP request with the same headers and body must get the answer the function gives when invoked
 * directly with that event; bodies arrive byte-exact (multibyte included); size limits answer 413
 * and enqueue nothing.
 */
class LocalHttpWebhookIT {
  static final String TEST_SECRET = "airlock-events-test-secret";
  private static final Set<String> SKIPPED_HEADERS = Set.of("host", "content-length", "connection");
  private static LocalStack stack;
  private static Path state;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @BeforeAll
  static void start() throws Exception {
    state = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "http-it-");
    stack =
        LocalStack.start(
            new LocalStackOptions(
                0,
                state,
                state.resolve("repos"),
                false,
                Map.of(
                    "github.webhook.secret", TEST_SECRET,
                    "gitlab.webhook.token", TEST_SECRET,
                    "bitbucket.webhook.secret", TEST_SECRET)));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  static Stream<Path> events() throws Exception {
    Path dir = Path.of(System.getProperty("airlock.repo.root", "../..")).resolve("events/webhook");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertTrue(list.size() >= 10, "checked-in webhook events found in " + dir);
      return list.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void http_shouldAnswerLikeTheFunctionInvokedDirectly(Path eventFile) throws Exception {
    APIGatewayV2HTTPEvent event = JSON.readValue(eventFile.toFile(), APIGatewayV2HTTPEvent.class);
    byte[] body =
        event.getIsBase64Encoded()
            ? Base64.getDecoder().decode(event.getBody())
            : event.getBody().getBytes(StandardCharsets.UTF_8);

    APIGatewayV2HTTPResponse direct =
        stack.webhookFunction().handleRequest(event, new LocalLambdaContext("direct", 15, 1024));
    drain();
    HttpResponse<String> viaHttp = post(event.getRawPath(), event.getHeaders(), body);
    drain();

    JsonNode a = JSON.readTree(bodyText(direct));
    JsonNode b = JSON.readTree(viaHttp.body());
    assertEquals(direct.getStatusCode(), viaHttp.statusCode(), viaHttp.body());
    assertEquals(a.path("status"), b.path("status"));
    assertEquals(a.path("reason"), b.path("reason"));
    assertTrue(
        viaHttp.headers().firstValue("content-type").orElse("").startsWith("application/json"));
  }

  @Test
  void http_shouldVerifyMultibyteBodiesByteForByte() throws Exception {
    byte[] body =
        "{\"zen\":\"Keep it logically awesome. \uD83D\uDE80 caf\u00e9 \u65e5\u672c\",\"hook_id\":1}"
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r =
        post(
            "/webhooks/github",
            Map.of(
                "content-type",
                "application/json",
                "x-github-event",
                "ping",
                "x-github-delivery",
                UUID.randomUUID().toString(),
                "x-hub-signature-256",
                "sha256=" + Demo.hmacHex(TEST_SECRET, body)),
            body);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("ping", JSON.readTree(r.body()).path("reason").asText());
  }

  @Test
  void http_shouldAnswer413AndEnqueueNothing_whenBodiesExceedTheLimits() throws Exception {
    for (int size : new int[] {6 * 1024 * 1024 + 1, ApiGatewayServer.MAX_PAYLOAD + 1}) {
      byte[] body = new byte[size];
      java.util.Arrays.fill(body, (byte) ' ');
      HttpResponse<String> r =
          post(
              "/webhooks/github",
              Map.of(
                  "content-type",
                  "application/json",
                  "x-github-event",
                  "push",
                  "x-github-delivery",
                  UUID.randomUUID().toString(),
                  "x-hub-signature-256",
                  "sha256=" + Demo.hmacHex(TEST_SECRET, body)),
              body);
      assertEquals(413, r.statusCode(), "size " + size);
      assertTrue(drain().isEmpty(), "nothing enqueued for size " + size);
    }
  }

  @Test
  void http_shouldAnswer404ForUnknownRoutes() throws Exception {
    assertEquals(404, post("/webhooks/unknown", Map.of(), new byte[0]).statusCode());
  }

  private static HttpResponse<String> post(String path, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(stack.gateway().baseUrl() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(
        (k, v) -> {
          if (!SKIPPED_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
            b.header(k, v);
          }
        });
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String bodyText(APIGatewayV2HTTPResponse r) {
    return r.getIsBase64Encoded()
        ? new String(Base64.getDecoder().decode(r.getBody()), StandardCharsets.UTF_8)
        : r.getBody();
  }

  private static List<Message> drain() {
    String url = stack.aws().queueUrl("AnalysisQueue");
    List<Message> all = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      List<Message> ms =
          stack
              .aws()
              .sqs()
              .receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      for (Message m : ms) {
        stack.aws().sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
      }
      all.addAll(ms);
      if (ms.isEmpty()) {
        break;
      }
    }
    return all;
  }
}
