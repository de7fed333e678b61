package dev.airlock.benchmarks.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * Figure 1's floor for directly invoked functions with a JSON object as input (accounts): the
 * runtime's own JSON deserialization of the event into a map, then {@link PlainSdkCalls}.
 */
public final class PlainSdkMapHandler
    implements RequestHandler<Map<String, Object>, Map<String, Object>>, AutoCloseable {
  private final PlainSdkCalls calls = new PlainSdkCalls();

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    return Map.of("floor", calls.run(), "fields", event == null ? 0 : event.size());
  }

  @Override
  public void close() throws Exception {
    calls.close();
  }
}
