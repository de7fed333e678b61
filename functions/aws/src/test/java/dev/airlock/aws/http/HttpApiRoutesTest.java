package dev.airlock.aws.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.core.http.HttpAnswer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HttpApiRoutesTest {
  private final List<Map<String, List<String>>> seenHeaders = new ArrayList<>();
  private final AtomicReference<byte[]> seenBody = new AtomicReference<>();
  private final HttpApiRoutes routes =
      HttpApiRoutes.posts(
          Map.of(
              "/webhooks/github",
              (headers, body) -> {
                seenHeaders.add(headers);
                seenBody.set(body);
                return new HttpAnswer(202, "{\"status\":\"accepted\"}".getBytes(UTF8));
              },
              "/webhooks/boom",
              (headers, body) -> {
                throw new IllegalStateException("secret detail");
              }));

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static APIGatewayV2HTTPEvent event(
      String method, String path, Map<String, String> headers, String body, boolean base64) {
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath(path)
        .withHeaders(headers)
        .withBody(body)
        .withIsBase64Encoded(base64)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(path)
                        .build())
                .build())
        .build();
  }

  private static void assertJson(int status, String body, APIGatewayV2HTTPResponse r) {
    assertEquals(status, r.getStatusCode());
    assertEquals(body, r.getBody());
    assertFalse(r.getIsBase64Encoded());
    assertEquals(Map.of("Content-Type", "application/json"), r.getHeaders());
  }

  @Test
  void handle_shouldPassRawBodyAndEveryHeader_whenThePostRouteMatches() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Hub-Signature-256", "  sha256=ab,sha256=cd ");
    headers.put("content-type", "application/json");
    APIGatewayV2HTTPResponse r =
        routes.handle(event("POST", "/webhooks/github", headers, "{\"a\":\"é\"}", false));

    assertJson(202, "{\"status\":\"accepted\"}", r);
    assertEquals(
        Map.of(
            "X-Hub-Signature-256", List.of("sha256=ab,sha256=cd"),
            "content-type", List.of("application/json")),
        seenHeaders.get(0),
        "one value per name as API Gateway joins them, trimmed");
    assertArrayEquals("{\"a\":\"é\"}".getBytes(UTF8), seenBody.get());
  }

  @Test
  void handle_shouldDecodeTheBody_whenTheEventSaysBase64() {
    byte[] bytes = {0, (byte) 0xff, '{', '}'};
    routes.handle(
        event(
            "POST",
            "/webhooks/github/",
            Map.of(),
            Base64.getEncoder().encodeToString(bytes),
            true));

    assertArrayEquals(bytes, seenBody.get(), "decoded; one trailing slash ignored");
  }

  @Test
  void handle_shouldPassNoBody_whenTheEventHasNone() {
    routes.handle(event("POST", "/webhooks/github", null, null, false));

    assertNull(seenBody.get());
    assertEquals(Map.of(), seenHeaders.get(0));
  }

  @Test
  void handle_shouldAnswerNotFoundAndMethodNotAllowed_whenPathOrMethodIsWrong() {
    assertJson(
        404,
        "{\"status\":\"rejected\",\"reason\":\"not-found\"}",
        routes.handle(event("POST", "/webhooks/GitHub", Map.of(), "{}", false)));
    assertJson(
        405,
        "{\"status\":\"rejected\",\"reason\":\"method-not-allowed\"}",
        routes.handle(event("GET", "/webhooks/github", Map.of(), null, false)));
    assertEquals(List.of(), seenHeaders, "the endpoint never ran");
  }

  @Test
  void handle_shouldAnswerBadRequest_whenApiGatewayWouldNotHavePassedTheEventOn() {
    assertJson(
        400,
        "{\"status\":\"rejected\",\"reason\":\"bad-request\"}",
        routes.handle(event("POST", "/webhooks/github", Map.of(), "not base64!", true)));
    assertJson(
        400,
        "{\"status\":\"rejected\",\"reason\":\"bad-request\"}",
        routes.handle(
            event("POST", "/webhooks/github", Map.of("x-a", "1\r\nx-b: 2"), "{}", false)));
    assertEquals(List.of(), seenHeaders, "the endpoint never ran");
  }

  @Test
  void handle_shouldAnswerAnErrorBodyWithoutTheMessage_whenTheEndpointThrows() {
    APIGatewayV2HTTPResponse r =
        routes.handle(event("POST", "/webhooks/boom", Map.of(), "{}", false));

    assertJson(500, "{\"status\":\"error\",\"reason\":\"internal-error\"}", r);
  }
}
