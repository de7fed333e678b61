package dev.airlock.benchmarks.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;

/** Figure 1's floor for the SQS worker (analyze): {@link PlainSdkCalls} once per batch. */
public final class PlainSdkSqsHandler
    implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
  private final PlainSdkCalls calls = new PlainSdkCalls();

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    calls.run();
    return new SQSBatchResponse(List.of());
  }

  @Override
  public void close() throws Exception {
    calls.close();
  }
}
