package dev.airlock.billing.config;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.aws.config.LambdaContexts;
import dev.airlock.aws.http.HttpApiRoutes;
import dev.airlock.billing.StripeWebhookController;
import io.micronaut.context.ApplicationContextBuilder;
import java.util.Map;
import java.util.function.Function;

/**
 * The context Lambda's no-argument handler constructor builds (the shared {@link LambdaContexts}:
 * nothing eager but what the invocation needs) and the HTTP routing ({@link HttpApiRoutes}). Here,
 * in the composition root, so the handlers in {@code dev.airlock.billing} stay free of {@code
 * dev.airlock.aws}.
 */
public final class FunctionContext {
  private FunctionContext() {}

  /** A fresh builder for this function's context in Lambda. */
  public static ApplicationContextBuilder builder() {
    return LambdaContexts.builder();
  }

  /**
   * The billing route: {@code POST /webhooks/stripe} to {@code controller}, with {@link
   * HttpApiRoutes}' refusals and error answers.
   */
  public static Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> routes(
      StripeWebhookController controller) {
    HttpApiRoutes routes = HttpApiRoutes.posts(Map.of("/webhooks/stripe", controller::stripe));
    return routes::handle;
  }
}
