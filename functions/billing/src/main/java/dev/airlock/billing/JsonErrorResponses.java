package dev.airlock.billing;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * Every error the framework answers itself (no route: 404, wrong method: 405, unreadable request:
 * 400, an unexpected exception: 500) gets the domain's small JSON body: {@code {"status":
 * "rejected"|"error", "reason": <from the status code>}}. The reason derives from the status alone,
 * so no exception message, stack trace or request fragment reaches the client.
 */
@Singleton
@Primary
public class JsonErrorResponses implements ErrorResponseProcessor<byte[]> {

  @Override
  public MutableHttpResponse<byte[]> processResponse(
      ErrorContext errorContext, MutableHttpResponse<?> baseResponse) {
    int code = baseResponse.code();
    String status = code >= 500 ? "error" : "rejected";
    String body = "{\"status\":\"" + status + "\",\"reason\":\"" + reason(code) + "\"}";
    return baseResponse
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(body.getBytes(StandardCharsets.UTF_8));
  }

  static String reason(int code) {
    return switch (code) {
      case 400 -> "bad-request";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 413 -> "body-too-large";
      case 415 -> "unsupported-content-type";
      case 503 -> "unavailable";
      default -> code >= 500 ? "internal-error" : "client-error";
    };
  }
}
