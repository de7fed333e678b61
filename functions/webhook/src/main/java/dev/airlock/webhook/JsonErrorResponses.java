package dev.airlock.webhook;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * Every error the framework answers itself (no route: 404, wrong method: 405, unreadable request:
 * 400, an unexpected exception: 500) gets the same small JSON body as the domain's answers: {@code
 * {"status":"rejected","reason":"<from the status code>"}}. The reason is derived from the status
 * alone, so no exception message, stack trace or request fragment can reach the client.
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
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 413 -> "body-too-large";
      case 415 -> "unsupported-content-type";
      case 503 -> "unavailable";
      default -> code >= 500 ? "internal-error" : "client-error";
    };
  }
}
