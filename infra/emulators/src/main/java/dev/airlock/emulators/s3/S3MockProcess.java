package dev.airlock.emulators.s3;

import dev.airlock.emulators.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Adobe S3Mock (S3 wire protocol with versioning and conditional writes) as a child JVM started
 * from its published executable jar. In-process it clashes with Micronaut's configuration and
 * Kotlin version, so it always runs as its own process; {@link #close()} (and a shutdown hook)
 * destroy it.
 *
 * <p>S3Mock validates SSE-KMS key ids against a list fixed at start: pass the ARNs of every key
 * objects will name (requests then use the bare key id, as S3Mock expects).
 */
public final class S3MockProcess implements AutoCloseable {
  private final Process process;
  private final URI endpoint;
  private final Path root;
  private final Thread hook;

  private S3MockProcess(Process process, URI endpoint, Path root) {
    this.process = process;
    this.endpoint = endpoint;
    this.root = root;
    this.hook = new Thread(process::destroyForcibly, "s3mock-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Locates S3Mock's executable jar: system property {@code airlock.s3mock.jar}, then known paths.
   */
  public static Path locateJar() {
    List<Path> candidates = new ArrayList<>();
    String prop = System.getProperty("airlock.s3mock.jar");
    if (prop != null) {
      candidates.add(Path.of(prop));
    }
    String env = System.getenv("AIRLOCK_S3MOCK_JAR");
    if (env != null) {
      candidates.add(Path.of(env));
    }
    beside().ifPresent(candidates::add);
    candidates.add(Path.of("infra/local/target/s3mock/s3mock-exec.jar"));
    candidates.add(Path.of("infra/emulators/target/s3mock/s3mock-exec.jar"));
    candidates.add(Path.of("../../infra/emulators/target/s3mock/s3mock-exec.jar"));
    candidates.add(Path.of("../emulators/target/s3mock/s3mock-exec.jar"));
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        return c.toAbsolutePath();
      }
    }
    throw new IllegalStateException(
        "S3Mock executable jar not found; build infra/emulators (mvn -pl infra/emulators package)"
            + " or set -Dairlock.s3mock.jar");
  }

  /** {@code s3mock/s3mock-exec.jar} beside the jar this class was loaded from, if any. */
  private static java.util.Optional<Path> beside() {
    try {
      var src = S3MockProcess.class.getProtectionDomain().getCodeSource();
      if (src == null) {
        return java.util.Optional.empty();
      }
      Path self = Path.of(src.getLocation().toURI());
      Path dir = Files.isDirectory(self) ? self.getParent() : self.getParent();
      return java.util.Optional.of(dir.resolve("s3mock/s3mock-exec.jar"));
    } catch (Exception e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Starts S3Mock and waits until it answers.
   *
   * @param jar the executable jar
   * @param root directory for its object files (kept across restarts)
   * @param region the region it reports
   * @param validKmsKeyArns key ARNs accepted for SSE-KMS
   * @param log file receiving its output
   */
  public static S3MockProcess start(
      Path jar, Path root, String region, Collection<String> validKmsKeyArns, Path log) {
    try {
      Files.createDirectories(root);
      int port = Ports.freeLoopbackPort();
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx384m");
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-jar");
      cmd.add(jar.toString());
      cmd.add("--server.address=127.0.0.1");
      cmd.add("--server.port=0");
      cmd.add("--com.adobe.testing.s3mock.http-port=" + port);
      cmd.add("--com.adobe.testing.s3mock.store.root=" + root.toAbsolutePath());
      cmd.add("--com.adobe.testing.s3mock.store.retain-files-on-exit=true");
      cmd.add("--com.adobe.testing.s3mock.store.region=" + region);
      cmd.add("--com.adobe.testing.s3mock.region=" + region);
      if (!validKmsKeyArns.isEmpty()) {
        cmd.add(
            "--com.adobe.testing.s3mock.store.valid-kms-keys=" + String.join(",", validKmsKeyArns));
      }
      cmd.add("--logging.level.root=WARN");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      // The child needs no credentials or secrets of ours.
      pb.environment()
          .keySet()
          .removeIf(k -> k.startsWith("AWS_") || k.contains("SECRET") || k.contains("TOKEN"));
      Process p = pb.start();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      S3MockProcess s3 = new S3MockProcess(p, endpoint, root);
      // Seconds on an idle machine, minutes on an overloaded one: wait generously, fail clearly.
      s3.awaitReady(
          Duration.ofSeconds(Long.getLong("airlock.s3mock.start-timeout-seconds", 240)), log);
      return s3;
    } catch (IOException e) {
      throw new UncheckedIOException("S3Mock could not start", e);
    }
  }

  private void awaitReady(Duration timeout, Path log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock exited early; see " + log);
      }
      try {
        HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        int code = c.getResponseCode();
        c.disconnect();
        if (code > 0) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting S3Mock", e);
      }
    }
    close();
    throw new IllegalStateException("S3Mock did not answer within " + timeout + "; see " + log);
  }

  public URI endpoint() {
    return endpoint;
  }

  public Path root() {
    return root;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // already in shutdown: the hook runs anyway
    }
  }
}
