package dev.airlock.benchmarks.coldstart.launcher;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Figure 1's call tracer: an SDK-wide interceptor that prints {@code AWSCALL <service> <operation>}
 * on standard error for every call the child makes. Only an untimed tracing run puts it on the
 * class path (through a {@code software/amazon/awssdk/global/handlers/ execution.interceptors} file
 * the harness writes), so that the figure can report which AWS calls a function and its floor made.
 */
public final class CallTracer implements ExecutionInterceptor {
  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    System.err.println(
        "AWSCALL "
            + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
            + " "
            + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }
}
