package dev.airlock.aws.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.core.http.ErrorBodies;
import dev.airlock.core.http.ProxyRequests;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The HTTP functions' check of an API Gateway (payload 2.0) event before Micronaut's proxy sees it
 * ({@link ProxyRequests}): header values are trimmed of surrounding white space, and an event with
 * a control character in a header, or flagged base64 with a body that is not, is answered 400 with
 * the usual JSON error body instead of the proxy's bare 500. Nothing downstream runs for it: no
 * signature check, no state read, nothing enqueued.
 */
public final class ProxyEvents {
  private ProxyEvents() {}

  /**
   * @param event the event as Lambda delivered it (its headers may be trimmed in place)
   * @return the 400 response to send instead of handling the event, or null to handle it
   */
  public static APIGatewayV2HTTPResponse refusal(APIGatewayV2HTTPEvent event) {
    if (event == null
        || ProxyRequests.normalizeHeaders(event.getHeaders())
            && (!event.getIsBase64Encoded() || ProxyRequests.isBase64(event.getBody()))) {
      return null;
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(400)
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withBody(new String(ErrorBodies.forStatus(400), StandardCharsets.UTF_8))
        .withIsBase64Encoded(false)
        .build();
  }
}
