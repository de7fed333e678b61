package dev.airlock.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The Lambda {@link Context} the local stack passes to a function: a fresh request id per
 * invocation, the function's name and configured timeout, and a logger writing to stderr, as the
 * Lambda runtime's does to CloudWatch.
 */
public final class LocalLambdaContext implements Context {
  private final String functionName;
  private final int memoryMb;
  private final long deadlineNanos;
  private final String requestId = UUID.randomUUID().toString();

  public LocalLambdaContext(String functionName, int timeoutSeconds, int memoryMb) {
    this.functionName = functionName;
    this.memoryMb = memoryMb;
    this.deadlineNanos = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:local:000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.err.println(message);
      }

      @Override
      public void log(byte[] message) {
        System.err.println(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
