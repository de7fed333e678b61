package dev.airlock.aws.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import java.util.function.Function;

/**
 * The shape of Airlock's HTTP functions: an API Gateway HTTP API (payload 2.0) handler whose routes
 * ({@link HttpApiRoutes}) are built once from a Micronaut context, in Lambda's init phase. A
 * subclass's no-argument constructor is Lambda's: it starts the function's own context, which
 * {@link #close} closes; tests and the local stack pass a started context, which stays theirs.
 */
public abstract class HttpApiFunction
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, AutoCloseable {
  private final ApplicationContext context;
  private final boolean ownsContext;
  private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> routes;

  /**
   * @param context the started context the endpoints' beans come from
   * @param ownsContext whether {@link #close} closes it
   * @param routes builds the routes from the context (once, here)
   */
  protected HttpApiFunction(
      ApplicationContext context,
      boolean ownsContext,
      Function<ApplicationContext, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>>
          routes) {
    this.context = context;
    this.ownsContext = ownsContext;
    this.routes = routes.apply(context);
  }

  /** The context the endpoints' beans come from. */
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
