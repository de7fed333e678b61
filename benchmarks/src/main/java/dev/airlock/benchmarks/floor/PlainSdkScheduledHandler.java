package dev.airlock.benchmarks.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

/** Figure 1's floor for the scheduled functions (backup, restore drill): {@link PlainSdkCalls}. */
public final class PlainSdkScheduledHandler
    implements RequestHandler<ScheduledEvent, String>, AutoCloseable {
  private final PlainSdkCalls calls = new PlainSdkCalls();

  @Override
  public String handleRequest(ScheduledEvent event, Context context) {
    return "{\"floor\":" + calls.run() + "}";
  }

  @Override
  public void close() throws Exception {
    calls.close();
  }
}
