package dev.airlock.webhook;

import dev.airlock.webhook.config.FunctionContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/**
 * Lambda entry point of the webhook function ({@code template.yaml}'s {@code Handler}): Micronaut
 * AWS's API Gateway (payload 2.0) function, with the context every Airlock function uses ({@link
 * FunctionContext}: nothing built eagerly but what the invocation needs). The no-argument
 * constructor is Lambda's: it builds {@link WebhookController} and its dependencies (clients,
 * domain services) in the init phase, as the eager context used to, and nothing else. Tests and the
 * local stack pass their own context.
 */
public class WebhookFunction extends APIGatewayV2HTTPEventFunction {

  /** For Lambda: starts the function's context and builds the controller's object graph. */
  public WebhookFunction() {
    super();
    getApplicationContext().getBean(WebhookController.class);
  }

  /** For tests and the local stack: uses the given context. */
  public WebhookFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return FunctionContext.builder();
  }
}
