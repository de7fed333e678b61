package dev.airlock.benchmarks.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/**
 * Figure 1's floor for the HTTP functions (webhook, billing-webhook): the least a Java Lambda
 * behind API Gateway can be that makes the function's AWS calls for its sample event ({@link
 * PlainSdkCalls}, e.g. the webhook's S3 {@code GetObject} of the installation record and SQS {@code
 * SendMessage} to the FIFO queue) — no framework, no JSON parsing of the body, no signature check.
 * Answers {@code benchmarks.floor.status} (default 202).
 */
public final class PlainSdkHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, AutoCloseable {
  private final PlainSdkCalls calls = new PlainSdkCalls();
  private final int status = Integer.getInteger("benchmarks.floor.status", 202);

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    long bytes = calls.run();
    APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
    response.setStatusCode(status);
    response.setHeaders(Map.of("Content-Type", "application/json"));
    response.setBody("{\"floor\":" + bytes + "}");
    return response;
  }

  @Override
  public void close() throws Exception {
    calls.close();
  }
}
