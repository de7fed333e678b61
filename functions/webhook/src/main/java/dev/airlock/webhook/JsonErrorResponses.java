package dev.airlock.webhook;

import dev.airlock.core.http.ErrorBodies;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

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
    return baseResponse
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(ErrorBodies.forStatus(baseResponse.code()));
  }
}
