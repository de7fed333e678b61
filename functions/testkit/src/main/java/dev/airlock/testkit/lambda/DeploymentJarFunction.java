package dev.airlock.testkit.lambda;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.airlock.testkit.TestLambdaContext;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A function's deployment jar (the SAM {@code CodeUri}) run as Lambda runs it, in a JVM of its own,
 * so that nothing of the Maven test class path can stand in for what the jar lacks: the jar is
 * unzipped into a task root ({@code LAMBDA_TASK_ROOT}, the working directory; Lambda unzips it into
 * {@code /var/task}), and a child JVM with a cleared environment runs {@link RuntimeStandIn} on the
 * class path {@code <task root>:<task root>/lib/*}, plus the stand-in and the runtime's {@code
 * aws-lambda-java-serialization}. The handler class is constructed once with its no-argument
 * constructor and serves every {@link #invoke} through a local Runtime API ({@code
 * AWS_LAMBDA_RUNTIME_API}: {@code invocation/next}, {@code /response}, {@code /error}, {@code
 * init/error}), as a warm execution environment does.
 *
 * <p>Everything the child prints (standard output and error, where Lambda's logs come from) is
 * captured in one file, {@link #log()}. Configuration reaches the function through {@link
 * Builder#environment} (the template's variables) and {@link Builder#systemProperties} (what a test
 * needs on top: local endpoints).
 */
public final class DeploymentJarFunction implements AutoCloseable {
  private static final String API = "/2018-06-01/runtime/";

  /** What Lambda's Java runtime sets besides the task root, the handler and the Runtime API. */
  private static final Map<String, String> LAMBDA_ENVIRONMENT =
      Map.of(
          "PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
          "LANG", "en_US.UTF-8",
          "TZ", ":UTC",
          "AWS_LAMBDA_FUNCTION_NAME", "airlock-test-function");

  private final Process process;
  private final HttpServer api;
  private final ExecutorService apiThreads;
  private final Path taskRoot;
  private final Path runtime;
  private final Path log;
  private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
  private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
  private final CompletableFuture<String> initError = new CompletableFuture<>();

  /** One event handed to the function, and what it answered. */
  private record Invocation(
      String requestId, byte[] event, long deadlineMillis, CompletableFuture<Answer> answer) {}

  private record Answer(boolean error, String body) {}

  /** The function's invocation error: what the runtime posted to {@code /error}. */
  public static final class FunctionError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FunctionError(String document) {
      super("the function failed the invocation: " + document);
    }
  }

  private DeploymentJarFunction(Builder b) throws IOException {
    Files.createDirectories(b.workDir);
    this.taskRoot = unzip(b.jar, b.workDir.resolve("task"));
    this.runtime = b.workDir.resolve("runtime");
    copyClasses(runtime, RuntimeStandIn.class, TestLambdaContext.class);
    this.log = b.workDir.resolve("function.log");
    this.apiThreads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "runtime-api");
              t.setDaemon(true);
              return t;
            });
    this.api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.setExecutor(apiThreads);
    api.createContext(API, this::serve);
    api.start();

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(b.jvmOptions);
    b.systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(
        String.join(
            File.pathSeparator,
            taskRoot.toString(),
            taskRoot.resolve("lib").resolve("*").toString(),
            runtime.toString(),
            codeSource(LambdaEventSerializers.class).toString()));
    command.add(RuntimeStandIn.class.getName());
    command.add(b.handler);
    command.add(b.eventType);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(taskRoot.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(LAMBDA_ENVIRONMENT);
    env.putAll(b.environment);
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    env.put("_HANDLER", b.handler);
    env.put(
        "AWS_LAMBDA_RUNTIME_API",
        api.getAddress().getAddress().getHostAddress() + ":" + api.getAddress().getPort());
    this.process = pb.start();
  }

  /** Starts describing the function in {@code jar} with its {@code handler} class. */
  public static Builder builder(Path jar, String handler, String eventType) {
    return new Builder(jar, handler, eventType);
  }

  /** How the function is started. */
  public static final class Builder {
    private final Path jar;
    private final String handler;
    private final String eventType;
    private Path workDir;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, Object> systemProperties = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();

    private Builder(Path jar, String handler, String eventType) {
      this.jar = jar;
      this.handler = handler;
      this.eventType = eventType;
    }

    /** Where the task root, the stand-in's classes and the log are written (required). */
    public Builder workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /** Variables of the function's environment (the only ones it gets, with Lambda's own). */
    public Builder environment(Map<String, String> variables) {
      environment.putAll(variables);
      return this;
    }

    /** {@code -D} options (values may span lines: no shell is involved). */
    public Builder systemProperties(Map<String, ?> properties) {
      systemProperties.putAll(properties);
      return this;
    }

    public Builder jvmOptions(String... options) {
      jvmOptions.addAll(List.of(options));
      return this;
    }

    /** Unzips the jar and starts the function's JVM (its init runs before the first event). */
    public DeploymentJarFunction start() {
      if (workDir == null) {
        throw new IllegalStateException("workDir is required");
      }
      try {
        return new DeploymentJarFunction(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Hands {@code eventJson} to the function and waits for its answer.
   *
   * @return the serialized response
   * @throws FunctionError when the handler threw
   * @throws IllegalStateException when the init failed, the JVM exited, or {@code timeout} passed
   */
  public String invoke(String eventJson, Duration timeout) {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    Invocation invocation =
        new Invocation(
            UUID.randomUUID().toString(),
            eventJson.getBytes(StandardCharsets.UTF_8),
            deadline,
            new CompletableFuture<>());
    inFlight.put(invocation.requestId(), invocation);
    pending.add(invocation);
    try {
      while (true) {
        try {
          Answer answer = invocation.answer().get(200, TimeUnit.MILLISECONDS);
          if (answer.error()) {
            throw new FunctionError(answer.body());
          }
          return answer.body();
        } catch (TimeoutException stillRunning) {
          if (initError.isDone()) {
            throw new IllegalStateException(
                "the function's init failed: " + initError.join() + "; see " + log);
          }
          if (!process.isAlive()) {
            throw new IllegalStateException(
                "the function's JVM exited with " + process.exitValue() + "; see " + log);
          }
          if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("no answer within " + timeout + "; see " + log);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pending.remove(invocation);
      inFlight.remove(invocation.requestId());
    }
  }

  /** Everything the function's JVM printed so far. */
  public String log() {
    try {
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the jar was unzipped ({@code LAMBDA_TASK_ROOT}). */
  public Path taskRoot() {
    return taskRoot;
  }

  /** Ends the function's JVM (and whatever it started) and the Runtime API. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    api.stop(0);
    apiThreads.shutdownNow();
    // the unzipped package is the size of the jar's contents (100 MB for analyze); the log stays
    deleteTree(taskRoot);
    deleteTree(runtime);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(API.length());
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
        Invocation next = pending.take();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.requestId());
        exchange
            .getResponseHeaders()
            .add("Lambda-Runtime-Deadline-Ms", Long.toString(next.deadlineMillis()));
        exchange.sendResponseHeaders(200, next.event().length);
        exchange.getResponseBody().write(next.event());
        return;
      }
      String text = new String(body, StandardCharsets.UTF_8);
      if (path.equals("init/error")) {
        initError.complete(text);
        exchange.sendResponseHeaders(202, -1);
        return;
      }
      String[] parts = path.split("/");
      Invocation invocation =
          parts.length == 3 && parts[0].equals("invocation") ? inFlight.get(parts[1]) : null;
      if (invocation == null || !(parts[2].equals("response") || parts[2].equals("error"))) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      invocation.answer().complete(new Answer(parts[2].equals("error"), text));
      exchange.sendResponseHeaders(202, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Unzips {@code jar} into {@code dir}: directories 0755, files 0644 (Lambda's are readable). */
  private static Path unzip(Path jar, Path dir) throws IOException {
    Path root = Files.createDirectories(dir).toRealPath();
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("entry outside the task root: " + e.getName());
        }
        if (e.isDirectory()) {
          directories(root, target);
          continue;
        }
        directories(root, target.getParent());
        try (InputStream in = zip.getInputStream(e)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
    return root;
  }

  private static void directories(Path root, Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      directories(root, dir.getParent());
      Files.createDirectory(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /**
   * Copies the class files of {@code types} and their nested classes, and nothing else of the class
   * path they come from, into {@code dir}.
   */
  private static void copyClasses(Path dir, Class<?>... types) throws IOException {
    for (Class<?> type : types) {
      String resource = type.getName().replace('.', '/');
      String simple = resource.substring(resource.lastIndexOf('/') + 1);
      Path source = codeSource(type);
      Path target = Files.createDirectories(dir.resolve(resource).getParent());
      if (Files.isDirectory(source)) {
        try (Stream<Path> files = Files.list(source.resolve(resource).getParent())) {
          for (Path f : files.toList()) {
            if (isClassOf(f.getFileName().toString(), simple)) {
              Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
        continue;
      }
      try (ZipFile zip = new ZipFile(source.toFile())) {
        String folder = resource.substring(0, resource.length() - simple.length());
        for (ZipEntry e : zip.stream().toList()) {
          String name = e.getName();
          if (name.startsWith(folder)
              && name.indexOf('/', folder.length()) < 0
              && isClassOf(name.substring(folder.length()), simple)) {
            try (InputStream in = zip.getInputStream(e)) {
              Files.copy(
                  in,
                  target.resolve(name.substring(folder.length())),
                  StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
    }
  }

  private static boolean isClassOf(String fileName, String simpleName) {
    return fileName.equals(simpleName + ".class")
        || (fileName.startsWith(simpleName + "$") && fileName.endsWith(".class"));
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
