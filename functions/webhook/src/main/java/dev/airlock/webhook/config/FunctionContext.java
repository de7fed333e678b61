package dev.airlock.webhook.config;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.aws.config.LambdaContexts;
import dev.airlock.aws.http.HttpApiRoutes;
import dev.airlock.core.message.Provider;
import dev.airlock.webhook.WebhookController;
import io.micronaut.context.ApplicationContextBuilder;
import java.util.Map;
import java.util.function.Function;

/**
 * The context Lambda's no-argument handler constructor builds (the shared {@link LambdaContexts}:
 * nothing eager but what the invocation needs) and the HTTP routing ({@link HttpApiRoutes}). Here,
 * in the composition root, so the handlers in {@code dev.airlock.webhook} stay free of {@code
 * dev.airlock.aws}.
 */
public final class FunctionContext {
  private FunctionContext() {}

  /** A fresh builder for this function's context in Lambda. */
  public static ApplicationContextBuilder builder() {
    return LambdaContexts.builder();
  }

  /**
   * The webhook routes: {@code POST /webhooks/github}, {@code /gitlab} and {@code /bitbucket} to
   * {@code controller}, with {@link HttpApiRoutes}' refusals and error answers.
   */
  public static Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> routes(
      WebhookController controller) {
    HttpApiRoutes routes =
        HttpApiRoutes.posts(
            Map.of(
                "/webhooks/github",
                (headers, body) -> controller.handle(Provider.GITHUB, headers, body),
                "/webhooks/gitlab",
                (headers, body) -> controller.handle(Provider.GITLAB, headers, body),
                "/webhooks/bitbucket",
                (headers, body) -> controller.handle(Provider.BITBUCKET, headers, body)));
    return routes::handle;
  }
}
