package dev.airlock.aws.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.core.http.HttpAnswer;
import dev.airlock.core.http.ProxyRequests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP functions' routing of an API Gateway HTTP API (payload 2.0) event to their endpoints,
 * without a web framework: a handful of fixed {@code POST} routes that take the raw body bytes and
 * the headers and answer JSON do not need one, and a web framework's request pipeline is about a
 * thousand classes to load in every cold start (figure 1 of the benchmarks).
 *
 * <p>What a request goes through, in order (each step answers with the usual JSON error body of
 * {@link dev.airlock.core.http.ErrorBodies}, never with anything from the request):
 *
 * <ol>
 *   <li>400 for an event API Gateway itself would not pass on (a control character in a header, a
 *       base64 flag on a body that is not base64, found by decoding it once); header values are
 *       trimmed as API Gateway does;
 *   <li>the path ({@code rawPath}, else {@code requestContext.http.path}; one trailing slash is
 *       ignored): 404 if no route has it;
 *   <li>the method ({@code requestContext.http.method}): 405 unless it is {@code POST};
 *   <li>the endpoint gets the body (base64-decoded when the event says so, else the text's UTF-8
 *       bytes; null when the event has none) and the headers, one value per name as API Gateway
 *       delivers them (a repeated header arrives joined with commas, and stays so);
 *   <li>an exception from the endpoint is logged and answered 500.
 * </ol>
 *
 * <p>Every answer is {@code Content-Type: application/json} with the JSON as text (not base64).
 */
public final class HttpApiRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApiRoutes.class);
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  /** An endpoint: (headers, body or null) to its answer. */
  public interface Endpoint extends BiFunction<Map<String, List<String>>, byte[], HttpAnswer> {}

  private final Map<String, Endpoint> posts;

  private HttpApiRoutes(Map<String, Endpoint> posts) {
    this.posts = Map.copyOf(posts);
  }

  /** Routes with {@code POST} endpoints by exact path ({@code /webhooks/github}). */
  public static HttpApiRoutes posts(Map<String, Endpoint> posts) {
    if (posts == null || posts.isEmpty()) {
      throw new IllegalArgumentException("at least one route is required");
    }
    for (String path : posts.keySet()) {
      if (!path.startsWith("/") || path.endsWith("/")) {
        throw new IllegalArgumentException("a route path starts and does not end with /: " + path);
      }
    }
    return new HttpApiRoutes(posts);
  }

  /**
   * Answers one event.
   *
   * @param event the event as Lambda delivered it (its headers may be trimmed in place)
   * @return the response, never null; never throws
   */
  public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
    if (event == null || !ProxyRequests.normalizeHeaders(event.getHeaders())) {
      return response(HttpAnswer.error(400));
    }
    // Decoded once, here, before the path is looked at: a body flagged base64 that is not is
    // refused by the decoder itself (the same 400 the separate check gave), instead of a separate
    // scan of
    // the whole text first and a decode after (two passes over up to 6 MiB per request).
    byte[] body;
    try {
      body = body(event);
    } catch (IllegalArgumentException notBase64) {
      return response(HttpAnswer.error(400));
    }
    Endpoint endpoint = posts.get(path(event));
    if (endpoint == null) {
      return response(HttpAnswer.error(404));
    }
    if (!"POST".equals(method(event))) {
      return response(HttpAnswer.error(405));
    }
    HttpAnswer answer;
    try {
      answer = endpoint.apply(headers(event), body);
    } catch (RuntimeException e) {
      LOG.error("unexpected error answering a request", e);
      answer = HttpAnswer.error(500);
    }
    return response(answer == null ? HttpAnswer.error(500) : answer);
  }

  static String path(APIGatewayV2HTTPEvent event) {
    String path = event.getRawPath();
    if ((path == null || path.isEmpty())
        && event.getRequestContext() != null
        && event.getRequestContext().getHttp() != null) {
      path = event.getRequestContext().getHttp().getPath();
    }
    if (path == null || path.isEmpty()) {
      return "/";
    }
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  static String method(APIGatewayV2HTTPEvent event) {
    if (event.getRequestContext() == null
        || event.getRequestContext().getHttp() == null
        || event.getRequestContext().getHttp().getMethod() == null) {
      return "";
    }
    return event.getRequestContext().getHttp().getMethod().toUpperCase(Locale.ROOT);
  }

  static Map<String, List<String>> headers(APIGatewayV2HTTPEvent event) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (event.getHeaders() != null) {
      event
          .getHeaders()
          .forEach(
              (name, value) -> {
                if (name != null && value != null) {
                  headers.put(name, List.of(value));
                }
              });
    }
    return headers;
  }

  /**
   * The body's bytes: base64-decoded when the event says so, else the text's UTF-8 bytes; null when
   * there is none.
   *
   * @throws IllegalArgumentException if the event says base64 and the body is not (exactly what
   *     {@link ProxyRequests#isBase64} refuses)
   */
  static byte[] body(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body == null) {
      return null;
    }
    return event.getIsBase64Encoded()
        ? Base64.getDecoder().decode(body)
        : body.getBytes(StandardCharsets.UTF_8);
  }

  static APIGatewayV2HTTPResponse response(HttpAnswer answer) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(answer.status())
        .withHeaders(JSON)
        .withBody(new String(answer.jsonBody(), StandardCharsets.UTF_8))
        .withIsBase64Encoded(false)
        .build();
  }
}
