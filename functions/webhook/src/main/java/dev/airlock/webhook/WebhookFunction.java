package dev.airlock.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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
public class WebhookFunction
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, AutoCloseable {
  private final ApplicationContext context;
  private final boolean ownsContext;
  private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> routes;

  /** For Lambda: starts the function's context and builds the controller's object graph. */
  public WebhookFunction() {
    this(FunctionContext.builder().start(), true);
  }

  /** For tests and the local stack: uses the given (started) context. */
  public WebhookFunction(ApplicationContext context) {
    this(context, false);
  }

  private WebhookFunction(ApplicationContext context, boolean ownsContext) {
    this.context = context;
    this.ownsContext = ownsContext;
    this.routes = FunctionContext.routes(context.getBean(WebhookController.class));
  }

  /** The context the controller's beans come from. */
  public ApplicationContext getApplicationContext() {
    return context;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context lambda) {
    return routes.apply(event);
  }

  /** Closes the context if this handler started it. */
  @Override
  public void close() {
    if (ownsContext && context.isRunning()) {
      context.close();
    }
  }
}
