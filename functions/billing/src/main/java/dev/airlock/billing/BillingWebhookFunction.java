package dev.airlock.billing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.billing.config.FunctionContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/**
 * Lambda entry point of the billing-webhook function ({@code template.yaml}'s {@code Handler}):
 * Micronaut AWS's API Gateway (payload 2.0) function, with the context every Airlock function uses
 * ({@link FunctionContext}: nothing built eagerly but what the invocation needs). The no-argument
 * constructor is Lambda's: it builds {@link StripeWebhookController} and its dependencies (clients,
 * domain services) in the init phase, as the eager context used to, and nothing else. Tests and the
 * local stack pass their own context.
 */
public class BillingWebhookFunction extends APIGatewayV2HTTPEventFunction {

  /** For Lambda: starts the function's context and builds the controller's object graph. */
  public BillingWebhookFunction() {
    super();
    getApplicationContext().getBean(StripeWebhookController.class);
  }

  /** For tests and the local stack: uses the given context. */
  public BillingWebhookFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return FunctionContext.builder();
  }

  /**
   * Refuses, with 400, an event API Gateway would not have passed on (a control character in a
   * header, a base64 flag on a body that is not base64), before the proxy answers it with a bare
   * 500; trims white space around header values as API Gateway does.
   */
  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    APIGatewayV2HTTPResponse refused = FunctionContext.refusal(event);
    return refused != null ? refused : super.handleRequest(event, context);
  }
}
