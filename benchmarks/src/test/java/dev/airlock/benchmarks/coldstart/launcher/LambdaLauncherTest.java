package dev.airlock.benchmarks.coldstart.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaLauncherTest {

  /** Like Micronaut's MicronautRequestHandler: the input type is a type variable of the base. */
  abstract static class GenericBase<I> implements RequestHandler<I, String> {
    @Override
    public String handleRequest(I input, Context context) {
      return "ok";
    }
  }

  static final class ScheduledHandler extends GenericBase<ScheduledEvent> {}

  @Test
  void inputType_shouldResolveTheBaseClassTypeArgument_whenTheHandlerInheritsHandleRequest() {
    Method handle = LambdaLauncher.handleRequest(ScheduledHandler.class);

    assertEquals(ScheduledEvent.class, LambdaLauncher.inputType(ScheduledHandler.class, handle));
  }

  @Test
  void inputType_shouldResolveThroughTheInterface_whenReflectionReturnsTheInterfaceMethod()
      throws Exception {
    // Class.getMethods() may return RequestHandler's own handleRequest(I, Context) first.
    Method viaInterface =
        RequestHandler.class.getMethod("handleRequest", Object.class, Context.class);

    assertEquals(
        ScheduledEvent.class, LambdaLauncher.inputType(ScheduledHandler.class, viaInterface));
  }

  @Test
  void status_shouldReportTheHttpCodeOrBatchFailures_whenTheResponseHasThem() throws Exception {
    APIGatewayV2HTTPResponse http = new APIGatewayV2HTTPResponse();
    http.setStatusCode(202);
    SQSBatchResponse failed =
        new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("m1")));

    assertEquals("202", LambdaLauncher.status(http));
    assertEquals("batchItemFailures=1", LambdaLauncher.status(failed));
    assertEquals("ok", LambdaLauncher.status(new SQSBatchResponse(List.of())));
    assertEquals("ok", LambdaLauncher.status("a report"));
    assertEquals("null", LambdaLauncher.status(null));
  }
}
