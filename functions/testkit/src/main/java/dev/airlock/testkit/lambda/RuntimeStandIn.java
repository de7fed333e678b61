package dev.airlock.testkit.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.airlock.testkit.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The child side of {@link DeploymentJarFunction}: the steps of Lambda's Java runtime, in a JVM
 * whose class path is the unzipped deployment package, this class (with {@link TestLambdaContext})
 * and the runtime's own {@code aws-lambda-java-serialization} — nothing else of a build or a test.
 *
 * <p>Init: load the handler class and call its no-argument constructor (a failure is posted to
 * {@code /runtime/init/error}, and the JVM exits, as Lambda ends a failed init). Then, for each
 * invocation the Runtime API ({@code AWS_LAMBDA_RUNTIME_API}) hands out: deserialize the event with
 * the runtime's serializers (its mix-ins for the Lambda event types, plain Jackson for any other
 * type), call {@code handleRequest} with a context carrying the invocation's request id and
 * deadline, serialize the response the same way and post it; an exception is posted as the
 * invocation's error (its type only) and printed to standard error, where Lambda logs it too.
 *
 * <p>Arguments: {@code <handler class> <event class>}. The runtime reads the event type off the
 * handler's type arguments; the caller names it here, which is the same for a handler with one.
 */
public final class RuntimeStandIn {
  private static final String API = "/2018-06-01/runtime/";

  private RuntimeStandIn() {}

  public static void main(String[] args) throws Exception {
    String base = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + API;
    String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    HttpClient http = HttpClient.newHttpClient();
    RequestHandler<Object, Object> handler;
    PojoSerializer<Object> events;
    try {
      handler = handler(args[0]);
      events = serializer(Class.forName(args[1]));
    } catch (Throwable t) {
      t.printStackTrace();
      post(http, base + "init/error", error(t));
      System.exit(1);
      return;
    }
    while (true) {
      HttpResponse<byte[]> next =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "invocation/next")).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      String requestId = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
      long deadline =
          Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
      String invocation = base + "invocation/" + requestId + "/";
      try {
        Object event = events.fromJson(new ByteArrayInputStream(next.body()));
        Object response =
            handler.handleRequest(
                event,
                new TestLambdaContext(function, requestId, deadline - System.currentTimeMillis()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (response != null) {
          serializer(response.getClass()).toJson(response, out);
        }
        post(http, invocation + "response", out.toByteArray());
      } catch (Throwable t) {
        t.printStackTrace();
        post(http, invocation + "error", error(t));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static RequestHandler<Object, Object> handler(String name) throws Exception {
    return (RequestHandler<Object, Object>)
        Class.forName(name).getDeclaredConstructor().newInstance();
  }

  /** The serializer Lambda's runtime picks for {@code type}. */
  @SuppressWarnings("unchecked")
  private static PojoSerializer<Object> serializer(Class<?> type) {
    if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
      return (PojoSerializer<Object>)
          LambdaEventSerializers.serializerFor(
              type, Thread.currentThread().getContextClassLoader());
    }
    return (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
  }

  /** The error document, with the exception's type only: its message may quote input. */
  private static byte[] error(Throwable t) {
    Throwable cause = t instanceof InvocationTargetException i ? i.getCause() : t;
    String type = cause.getClass().getName();
    return ("{\"errorType\":\"" + type + "\",\"errorMessage\":\"" + type + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void post(HttpClient http, String url, byte[] body) throws Exception {
    http.send(
        HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
