package dev.airlock.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The local stand-in for API Gateway's HTTP API (payload format 2.0): a loopback HTTP server that
 * turns each request into the {@link APIGatewayV2HTTPEvent} API Gateway would send (lower-cased
 * headers, base64 body so the function sees the exact bytes) and invokes the route's function
 * in-process, then maps its {@link APIGatewayV2HTTPResponse} back. Like API Gateway, it refuses a
 * body over 10 MiB itself with 413, answers a body whose framing is broken (a bad chunk size, fewer
 * bytes than its {@code Content-Length}) with 400, and never lets a client hold the function: each
 * connection gets its own thread (a slow client cannot take the threads others need) and a body not
 * received within {@link #BODY_READ_TIMEOUT} is abandoned and its connection closed.
 */
public final class ApiGatewayServer implements AutoCloseable {
  /** API Gateway HTTP API's maximum payload. The functions enforce their own, lower limits. */
  static final int MAX_PAYLOAD = 10 * 1024 * 1024;

  /** How long a client may take to send its body (loopback: a 10 MiB body takes milliseconds). */
  static final Duration BODY_READ_TIMEOUT = Duration.ofSeconds(30);

  /** A routed function and the Lambda settings its invocations get. */
  public record Route(
      String functionName,
      int timeoutSeconds,
      int memoryMb,
      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final ScheduledExecutorService deadlines;
  private final Duration bodyReadTimeout;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();

  private ApiGatewayServer(
      HttpServer server,
      ExecutorService executor,
      ScheduledExecutorService deadlines,
      Duration bodyReadTimeout) {
    this.server = server;
    this.executor = executor;
    this.deadlines = deadlines;
    this.bodyReadTimeout = bodyReadTimeout;
  }

  /** Starts on 127.0.0.1:{@code port} (0 = free port). */
  public static ApiGatewayServer start(int port) throws IOException {
    return start(port, BODY_READ_TIMEOUT);
  }

  static ApiGatewayServer start(int port, Duration bodyReadTimeout) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    // Not a fixed pool: the JDK server reads a request's headers and body on the executor's
    // thread, so a fixed number of clients that send slowly would take every thread and nobody
    // else would be answered.
    ExecutorService executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    ScheduledExecutorService deadlines =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "api-gateway-body-deadlines");
              t.setDaemon(true);
              return t;
            });
    ApiGatewayServer gw = new ApiGatewayServer(server, executor, deadlines, bodyReadTimeout);
    server.createContext("/", gw::handle);
    server.start();
    return gw;
  }

  /** Routes {@code POST <path>} to a function. */
  public void route(String path, Route route) {
    routes.put("POST " + path, route);
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      Route route = routes.get(ex.getRequestMethod() + " " + path);
      if (route == null) {
        send(ex, 404, "{\"message\":\"Not Found\"}");
        return;
      }
      byte[] body;
      try (BodyDeadline deadline = new BodyDeadline()) {
        body = readBounded(ex.getRequestBody(), MAX_PAYLOAD);
      } catch (IOException e) {
        // A broken chunk size, a body cut short, or the deadline (then the connection is already
        // closed and this answer goes nowhere): what API Gateway answers, and nothing is invoked.
        ex.getResponseHeaders().set("Connection", "close");
        send(ex, 400, "{\"message\":\"Bad Request\"}");
        return;
      }
      if (body == null) {
        send(ex, 413, "{\"message\":\"Request Entity Too Large\"}");
        return;
      }
      APIGatewayV2HTTPEvent event = toEvent(ex, path, body);
      APIGatewayV2HTTPResponse response;
      try {
        response =
            route
                .handler()
                .handleRequest(
                    event,
                    new LocalLambdaContext(
                        route.functionName(), route.timeoutSeconds(), route.memoryMb()));
      } catch (RuntimeException e) {
        // What API Gateway answers when the integration fails; the function's error stays in its
        // log.
        System.err.println(
            "function " + route.functionName() + " failed: " + e.getClass().getName());
        send(ex, 500, "{\"message\":\"Internal Server Error\"}");
        return;
      }
      if (response == null) {
        send(ex, 502, "{\"message\":\"Internal Server Error\"}");
        return;
      }
      if (response.getHeaders() != null) {
        response.getHeaders().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      }
      if (response.getMultiValueHeaders() != null) {
        response.getMultiValueHeaders().forEach((k, v) -> ex.getResponseHeaders().put(k, v));
      }
      byte[] out =
          response.getBody() == null
              ? new byte[0]
              : response.getIsBase64Encoded()
                  ? Base64.getDecoder().decode(response.getBody())
                  : response.getBody().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(response.getStatusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  static APIGatewayV2HTTPEvent toEvent(HttpExchange ex, String path, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
      // API Gateway lower-cases header names and joins repeated values with commas.
      headers.put(h.getKey().toLowerCase(Locale.ROOT), String.join(",", h.getValue()));
    }
    Instant now = Instant.now();
    String query = ex.getRequestURI().getRawQuery();
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("POST " + path)
        .withRawPath(path)
        .withRawQueryString(query == null ? "" : query)
        .withHeaders(headers)
        .withBody(Base64.getEncoder().encodeToString(body))
        .withIsBase64Encoded(true)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000")
                .withApiId("local")
                .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                .withRequestId(UUID.randomUUID().toString())
                .withRouteKey("POST " + path)
                .withStage("$default")
                .withTime(
                    DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
                        .withZone(ZoneOffset.UTC)
                        .format(now))
                .withTimeEpoch(now.toEpochMilli())
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(ex.getRequestMethod())
                        .withPath(path)
                        .withProtocol("HTTP/1.1")
                        .withSourceIp(ex.getRemoteAddress().getAddress().getHostAddress())
                        .withUserAgent(headers.getOrDefault("user-agent", ""))
                        .build())
                .build())
        .build();
  }

  /** Reads at most {@code limit} bytes; null if the body is larger. */
  static byte[] readBounded(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    int total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > limit) {
        // Drain nothing more: API Gateway rejects oversized payloads outright.
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * Interrupts the handler thread if the body has not arrived in time: the JDK server reads it from
   * a blocking {@code SocketChannel}, an interruptible channel, so the read ends with an exception
   * and the connection is closed. Never interrupts after {@link #close()}.
   */
  private final class BodyDeadline implements AutoCloseable {
    private final Thread reader = Thread.currentThread();
    private final ScheduledFuture<?> timer;
    private boolean reading = true;

    BodyDeadline() {
      timer = deadlines.schedule(this::expire, bodyReadTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void expire() {
      if (reading) {
        reader.interrupt();
      }
    }

    @Override
    public synchronized void close() {
      reading = false;
      timer.cancel(false);
      // an interrupt that arrived while reading is spent: the thread goes back to the pool clean
      Thread.interrupted();
    }
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    deadlines.shutdownNow();
  }
}
