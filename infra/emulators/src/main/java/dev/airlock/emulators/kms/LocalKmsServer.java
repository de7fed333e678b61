package dev.airlock.emulators.kms;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Airlock's local KMS endpoint: an HTTP server on 127.0.0.1 speaking the KMS JSON 1.1 protocol
 * ({@code POST /}, {@code X-Amz-Target: TrentService.<Operation>}, {@code
 * application/x-amz-json-1.1}), so the real AWS SDK v2 {@code KmsClient} and the AWS CLI work
 * against it unchanged through an endpoint override.
 *
 * <p>One server serves every region: the region is read from the SigV4 credential scope of the
 * {@code Authorization} header, and keys and aliases are per region, as in AWS. A request without
 * an {@code Authorization} header is refused ({@code MissingAuthenticationTokenException}); the
 * signature itself is <em>not</em> verified, as this is a local stand-in, not a security boundary.
 * Errors are HTTP 400 (500 for internal failures) with {@code {"__type": code, "message": text}},
 * which the SDK maps to its typed exceptions ({@code DisabledException}, {@code
 * KmsInvalidStateException}, {@code NotFoundException}, {@code InvalidCiphertextException}, ...).
 *
 * <p>Thread-safe; requests run on a small pool. Nothing it logs contains key material, plaintext,
 * ciphertext or encryption context: only operation, region, status and error code.
 *
 * <pre>{@code
 * try (LocalKmsServer kms = LocalKmsServer.start(LocalKmsConfig.defaults())) {
 *   KmsClient client = KmsClient.builder().endpointOverride(kms.endpoint())...build();
 * }
 * }</pre>
 */
public final class LocalKmsServer implements AutoCloseable {

  /** The response content type of the KMS JSON protocol. */
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private static final System.Logger LOG = System.getLogger(LocalKmsServer.class.getName());
  private static final String TARGET_PREFIX = "TrentService.";
  private static final int MAX_BODY_BYTES = 1 << 20;

  static {
    // The JDK server leaves Nagle's algorithm on unless told otherwise, read once per JVM when its
    // first server starts: every small response then waits ~40 ms for the client's delayed ACK.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final LocalKmsConfig config;
  private final HttpServer http;
  private final ExecutorService executor;
  private final ObjectMapper mapper;
  private final KmsStore store;
  private final KmsOperations operations;
  private final URI endpoint;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalKmsServer(LocalKmsConfig config) throws IOException {
    this.config = config;
    this.mapper = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    this.store =
        new KmsStore(
            config.accountId(),
            config.clock(),
            new SecureRandom(),
            config.stateFile().map(StateFile::new).orElse(null),
            mapper);
    this.operations = new KmsOperations(store, mapper);
    InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    this.http = HttpServer.create(new InetSocketAddress(loopback, config.port()), 0);
    this.executor = Executors.newFixedThreadPool(config.threads(), new DaemonThreads());
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
    this.endpoint = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  /**
   * Starts a server; it serves until {@link #close()}.
   *
   * @throws UncheckedIOException if the port cannot be bound
   * @throws IllegalStateException if the configured state file is unreadable, damaged or belongs to
   *     another account id (it is never overwritten in that case)
   */
  public static LocalKmsServer start(LocalKmsConfig config) {
    try {
      LocalKmsServer server = new LocalKmsServer(config);
      LOG.log(
          Level.INFO,
          "local KMS listening on {0} ({1})",
          server.endpoint,
          config.stateFile().map(p -> "state file " + p).orElse("in memory"));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local KMS endpoint", e);
    }
  }

  /** Starts a server with {@link LocalKmsConfig#defaults()}: in memory, on a free port. */
  public static LocalKmsServer start() {
    return start(LocalKmsConfig.defaults());
  }

  /** {@code http://127.0.0.1:<port>}: the endpoint override for SDK clients and the AWS CLI. */
  public URI endpoint() {
    return endpoint;
  }

  public int port() {
    return endpoint.getPort();
  }

  public LocalKmsConfig config() {
    return config;
  }

  /** The ARN this server gives a key id in a region. */
  public String keyArn(String region, String keyId) {
    return store.keyArn(region, keyId);
  }

  /** Stops serving and releases the port; idempotent. Keys persist only if a state file is set. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.log(Level.INFO, "local KMS on {0} stopped", endpoint);
  }

  private void handle(HttpExchange exchange) {
    String operation = "-";
    String region = "-";
    int status;
    byte[] body;
    try {
      try {
        if (!"POST".equals(exchange.getRequestMethod())
            || !"/".equals(exchange.getRequestURI().getPath())) {
          throw new KmsError(KmsError.UNKNOWN_OPERATION, "Only POST / is served.", 404);
        }
        region =
            CredentialScope.parse(exchange.getRequestHeaders().getFirst("Authorization")).region();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
          throw new KmsError(KmsError.UNKNOWN_OPERATION, "Unknown operation.");
        }
        operation = target.substring(TARGET_PREFIX.length());
        ObjectNode response = operations.invoke(operation, region, readBody(exchange));
        status = 200;
        body = mapper.writeValueAsBytes(response);
      } catch (KmsError e) {
        status = e.httpStatus();
        body = errorBody(e.code(), e.getMessage());
        LOG.log(Level.DEBUG, "{0} in {1}: {2} {3}", operation, region, status, e.code());
      } catch (RuntimeException | IOException e) {
        status = 500;
        body = errorBody(KmsError.INTERNAL, "The local KMS failed to process the request.");
        LOG.log(Level.WARNING, "local KMS failed on " + operation + " in " + region, e);
      }
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "local KMS could not answer a client: {0}", e.getClass().getName());
    } finally {
      exchange.close();
    }
  }

  private ObjectNode readBody(HttpExchange exchange) throws IOException {
    byte[] raw = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (raw.length > MAX_BODY_BYTES) {
      throw new KmsError(KmsError.VALIDATION, "The request body is too large.", 413);
    }
    if (raw.length == 0) {
      return mapper.createObjectNode();
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(raw);
    } catch (IOException e) {
      // Jackson's message can quote the body, which may carry plaintext: say nothing specific.
      throw KmsError.serialization("The request body is not valid JSON.");
    }
    if (tree == null || !tree.isObject()) {
      throw KmsError.serialization("The request body must be a JSON object.");
    }
    return (ObjectNode) tree;
  }

  private byte[] errorBody(String code, String message) {
    ObjectNode error = mapper.createObjectNode();
    error.put("__type", code);
    error.put("message", message);
    return error.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "local-kms-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
