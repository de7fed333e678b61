package dev.airlock.billing;

import dev.airlock.core.http.ErrorBodies;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

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
    return baseResponse
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(ErrorBodies.forStatus(baseResponse.code()));
  }
}
