package dev.airlock.benchmarks.coldstart.launcher;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Figure 1's child: what the Lambda Java runtime does in a fresh execution environment, reduced to
 * its steps — load the handler class and construct it (the init phase), deserialize the event with
 * the runtime's own serializers, invoke once. Prints {@code RESULT status=<code> initNanos=…
 * invokeNanos=…}; the parent measures the whole process (wall and CPU).
 *
 * <p>Arguments: {@code <handler class> <event file>}. Runs on the function's deployment jar plus
 * {@code aws-lambda-java-serialization}, nothing of the harness.
 */
public final class LambdaLauncher {
  private LambdaLauncher() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    Class<?> type = Class.forName(args[0]);
    Object handler = type.getDeclaredConstructor().newInstance();
    long initNanos = System.nanoTime() - t0;

    long t1 = System.nanoTime();
    Method handle = handleRequest(type);
    PojoSerializer<?> serializer =
        LambdaEventSerializers.serializerFor(handle.getParameterTypes()[0], type.getClassLoader());
    Object event;
    try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
      event = serializer.fromJson(in);
    }
    Object response = handle.invoke(handler, event, new LocalContext());
    long invokeNanos = System.nanoTime() - t1;
    Object status = response.getClass().getMethod("getStatusCode").invoke(response);
    System.out.println(
        "RESULT status=" + status + " initNanos=" + initNanos + " invokeNanos=" + invokeNanos);
    System.out.flush();
    if (handler instanceof AutoCloseable c) {
      c.close();
    }
    // Lambda freezes the environment after the response; nothing else should run on this JVM.
    System.exit(0);
  }

  /** {@code handleRequest(I, Context)} with the most specific input type (not the bridge). */
  static Method handleRequest(Class<?> type) {
    Method best = null;
    for (Method m : type.getMethods()) {
      if (m.getName().equals("handleRequest")
          && m.getParameterCount() == 2
          && m.getParameterTypes()[1] == Context.class
          && (best == null
              || best.getParameterTypes()[0].isAssignableFrom(m.getParameterTypes()[0]))) {
        best = m;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no handleRequest(I, Context) on " + type.getName());
    }
    return best;
  }

  /** The invocation context a 1 GB, 15 s function would get. */
  static final class LocalContext implements Context {
    @Override
    public String getAwsRequestId() {
      return "00000000-0000-0000-0000-000000000001";
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/benchmark";
    }

    @Override
    public String getLogStreamName() {
      return "benchmark";
    }

    @Override
    public String getFunctionName() {
      return "benchmark";
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:us-east-1:000000000000:function:benchmark";
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
      return 15_000;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          System.err.print(message);
        }

        @Override
        public void log(byte[] message) {
          System.err.print(new String(message, StandardCharsets.UTF_8));
        }
      };
    }
  }
}
