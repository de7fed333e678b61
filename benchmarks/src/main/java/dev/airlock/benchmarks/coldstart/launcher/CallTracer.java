package dev.airlock.benchmarks.coldstart.launcher;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Figure 1's call tracer: an SDK-wide interceptor that prints {@code AWSCALL <service> <operation>}
 * on standard error for every call the child makes, and when it ends {@code AWSTIME <service>
 * <operation> <start> <duration>} (milliseconds since the tracer was loaded, and the call's own
 * time). Only an untimed tracing run puts it on the class path (through a {@code
 * software/amazon/awssdk/global/handlers/ execution.interceptors} file the harness writes), so that
 * the figure can report which AWS calls a function and its floor made, and where an invocation's
 * time went between them.
 */
public final class CallTracer implements ExecutionInterceptor {
  private static final long LOADED = System.nanoTime();
  private static final ExecutionAttribute<Long> STARTED =
      new ExecutionAttribute<>("airlock.benchmarks.callStarted");

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
    System.err.println("AWSCALL " + name(attributes));
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    ended(attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    ended(attributes);
  }

  private static void ended(ExecutionAttributes attributes) {
    Long started = attributes.getAttribute(STARTED);
    if (started == null) {
      return;
    }
    long now = System.nanoTime();
    System.err.println(
        "AWSTIME "
            + name(attributes)
            + " "
            + (started - LOADED) / 1_000_000
            + " "
            + (now - started) / 1_000_000);
  }

  private static String name(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
        + " "
        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }
}
