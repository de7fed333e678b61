package dev.airlock.benchmarks.coldstart.launcher;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Figure 1's child: what the Lambda Java runtime does in a fresh execution environment, reduced to
 * its steps — load the handler class and construct it (the init phase), deserialize the event with
 * the runtime's own serializers (or the function's registered {@code CustomPojoSerializer}), invoke
 * once. Prints {@code RESULT status=<HTTP code | ok | batchItemFailures=N> initNanos=…
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
    Object event;
    try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
      event = deserialize(type, handle, in);
    }
    Object response = handle.invoke(handler, event, new LocalContext());
    long invokeNanos = System.nanoTime() - t1;
    System.out.println(
        "RESULT status="
            + status(response)
            + " initNanos="
            + initNanos
            + " invokeNanos="
            + invokeNanos);
    System.out.flush();
    if (handler instanceof AutoCloseable c) {
      c.close();
    }
    // Lambda freezes the environment after the response; nothing else should run on this JVM.
    System.exit(0);
  }

  /**
   * The event as the runtime would hand it over: through the function's own {@link
   * CustomPojoSerializer} when its jar registers one in {@code META-INF/services} (as the runtime
   * does), else the runtime's serializers for the handler's input type.
   */
  static Object deserialize(Class<?> type, Method handle, InputStream in) {
    ClassLoader loader = type.getClassLoader();
    Type input = inputType(type, handle);
    for (CustomPojoSerializer custom : ServiceLoader.load(CustomPojoSerializer.class, loader)) {
      return custom.fromJson(in, input);
    }
    Class<?> raw =
        input instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) input;
    PojoSerializer<?> serializer = LambdaEventSerializers.serializerFor(raw, loader);
    return serializer.fromJson(in);
  }

  /**
   * The handler's input type as the runtime resolves it: the parameter's declared type, or, where
   * that is a type variable (a generic base class such as Micronaut's {@code
   * MicronautRequestHandler<I, O>}), the type argument a superclass binds it to.
   */
  static Type inputType(Class<?> type, Method handle) {
    Type declared = handle.getGenericParameterTypes()[0];
    if (declared == Object.class && RequestHandler.class.isAssignableFrom(type)) {
      // An erased or bridge method: resolve RequestHandler's I, as the Lambda runtime does.
      declared = RequestHandler.class.getTypeParameters()[0];
    }
    if (!(declared instanceof TypeVariable<?>)) {
      return declared;
    }
    // getMethods() may hand back the interface's handleRequest(I, Context) or the base class's,
    // in no fixed order: bind every type variable of the whole hierarchy (superclasses and
    // interfaces), then follow the chain from whichever variable was declared.
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    bindTypeVariables(type, bindings);
    Type resolved = declared;
    for (int hops = 0; resolved instanceof TypeVariable<?> v && hops < 32; hops++) {
      Type next = bindings.get(v);
      if (next == null) {
        break;
      }
      resolved = next;
    }
    return resolved instanceof TypeVariable<?> ? handle.getParameterTypes()[0] : resolved;
  }

  private static void bindTypeVariables(Type type, Map<TypeVariable<?>, Type> bindings) {
    Class<?> raw;
    if (type instanceof ParameterizedType p) {
      raw = (Class<?>) p.getRawType();
      TypeVariable<?>[] params = raw.getTypeParameters();
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < params.length; i++) {
        bindings.putIfAbsent(params[i], args[i]);
      }
    } else if (type instanceof Class<?> c) {
      raw = c;
    } else {
      return;
    }
    if (raw.getGenericSuperclass() != null) {
      bindTypeVariables(raw.getGenericSuperclass(), bindings);
    }
    for (Type parent : raw.getGenericInterfaces()) {
      bindTypeVariables(parent, bindings);
    }
  }

  /**
   * What the parent checks: an HTTP response's status code; {@code ok} for any other response;
   * {@code batchItemFailures=N} for an SQS batch response.
   */
  static String status(Object response) throws ReflectiveOperationException {
    if (response == null) {
      return "null";
    }
    for (Method m : response.getClass().getMethods()) {
      if (m.getParameterCount() == 0 && m.getName().equals("getStatusCode")) {
        return String.valueOf(m.invoke(response));
      }
      if (m.getParameterCount() == 0 && m.getName().equals("getBatchItemFailures")) {
        Object failures = m.invoke(response);
        int n = failures instanceof java.util.Collection<?> c ? c.size() : -1;
        return n == 0 ? "ok" : "batchItemFailures=" + n;
      }
    }
    return "ok";
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

  /**
   * The invocation context of a fresh invocation: {@code lambda.timeout-millis} (default 15 s) and
   * {@code lambda.memory-mb} (default 1024) as in the function's template entry.
   */
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
      return Integer.getInteger("lambda.timeout-millis", 15_000);
    }

    @Override
    public int getMemoryLimitInMB() {
      return Integer.getInteger("lambda.memory-mb", 1024);
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
