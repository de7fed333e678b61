package dev.airlock.testkit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.UUID;

/**
 * A Lambda context with a deadline, for invoking a handler as the runtime would: a fresh request
 * id, the function's names and ARN in the test account, and a logger to standard output.
 */
public final class TestLambdaContext implements Context {
  private final String function;
  private final long deadline;
  private final String requestId;

  /**
   * @param function short function name ({@code webhook}): named {@code airlock-test-<function>}
   * @param timeoutMillis the invocation's remaining time at construction
   */
  public TestLambdaContext(String function, long timeoutMillis) {
    this("airlock-test-" + function, UUID.randomUUID().toString(), timeoutMillis);
  }

  /**
   * The context of an invocation the Runtime API handed out (the runtime stand-in's).
   *
   * @param functionName the function's full name ({@code AWS_LAMBDA_FUNCTION_NAME})
   * @param requestId the invocation's {@code Lambda-Runtime-Aws-Request-Id}
   * @param timeoutMillis the time left until its {@code Lambda-Runtime-Deadline-Ms}
   */
  public TestLambdaContext(String functionName, String requestId, long timeoutMillis) {
    this.function = functionName;
    this.requestId = requestId;
    this.deadline = System.currentTimeMillis() + timeoutMillis;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + function;
  }

  @Override
  public String getLogStreamName() {
    return "test";
  }

  @Override
  public String getFunctionName() {
    return function;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:" + function;
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
    return (int) Math.max(0, deadline - System.currentTimeMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return 3008;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.out.print(message);
      }

      @Override
      public void log(byte[] message) {
        System.out.write(message, 0, message.length);
      }
    };
  }
}
