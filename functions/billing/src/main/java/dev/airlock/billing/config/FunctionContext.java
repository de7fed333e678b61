package dev.airlock.billing.config;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.aws.config.LambdaContexts;
import dev.airlock.aws.http.ProxyEvents;
import io.micronaut.context.ApplicationContextBuilder;

/**
 * The context Lambda's no-argument handler constructor builds: the shared {@link LambdaContexts}
 * (nothing eager but what the invocation needs). Here, in the composition root, so the handlers in
 * {@code dev.airlock.billing} stay free of {@code dev.airlock.aws}.
 */
public final class FunctionContext {
  private FunctionContext() {}

  /** A fresh builder for this function's context in Lambda. */
  public static ApplicationContextBuilder builder() {
    return LambdaContexts.builder();
  }

  /**
   * The 400 answer for an event API Gateway itself would not pass on, or null ({@link
   * ProxyEvents}).
   */
  public static APIGatewayV2HTTPResponse refusal(APIGatewayV2HTTPEvent event) {
    return ProxyEvents.refusal(event);
  }
}
