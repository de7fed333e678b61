package dev.airlock.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.aws.http.HttpApiFunction;
import dev.airlock.webhook.config.FunctionContext;
import io.micronaut.context.ApplicationContext;
import java.util.function.Function;

/**
 * Lambda entry point of the webhook function ({@code template.yaml}'s {@code Handler}): an API
 * Gateway HTTP API (payload 2.0) handler that routes {@code POST /webhooks/github}, {@code /gitlab}
 * and {@code /bitbucket} to {@link WebhookController}, whose dependencies come from the Micronaut
 * context every Airlock function uses ({@link FunctionContext}: nothing built eagerly but what the
 * invocation needs). No web framework sits in between: three fixed routes that take raw bytes do
 * not need one, and Micronaut's HTTP proxy cost about a thousand classes in every cold start.
 *
 * <p>What the routing answers itself, each with the usual JSON error body: 400 for an event API
 * Gateway would not have passed on (a control character in a header, a base64 flag on a body that
 * is not base64), 404 for another path, 405 for another method, 500 for an unexpected exception.
 * Header values are trimmed as API Gateway does.
 *
 * <p>The no-argument constructor is Lambda's: it starts the function's context and builds the
 * controller's object graph (clients, domain services) in the init phase. Tests and the local stack
 * pass their own context, which stays theirs to close.
 */
public class WebhookFunction extends HttpApiFunction {

  /** For Lambda: starts the function's context and builds the controller's object graph. */
  public WebhookFunction() {
    super(FunctionContext.builder().start(), true, WebhookFunction::routes);
  }

  /** For tests and the local stack: uses the given (started) context. */
  public WebhookFunction(ApplicationContext context) {
    super(context, false, WebhookFunction::routes);
  }

  private static Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> routes(
      ApplicationContext context) {
    return FunctionContext.routes(context.getBean(WebhookController.class));
  }
}
