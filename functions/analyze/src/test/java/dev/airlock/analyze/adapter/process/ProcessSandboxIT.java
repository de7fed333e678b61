package dev.airlock.analyze.adapter.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.analyze.TestDirs;
import dev.airlock.analyze.domain.AnalysisException;
import dev.airlock.analyze.domain.AnalyzerInvocation;
import dev.airlock.analyze.domain.AnalyzerRun;
import dev.airlock.analyze.domain.PurgeReport;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.Workspace;
import dev.airlock.analyze.port.Sandbox;
import dev.airlock.analyze.probe.ProbeAnalyzer;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's promises, proven from inside a (probe) analyzer process: what it can see of the
 * function's environment and processes, whether it reaches the network or other jobs' files, that
 * it dies at its timeout with every descendant, and that purging removes everything it left without
 * following its links.
 */
class ProcessSandboxIT {
  private static final Set<String> ALLOWED_ENV =
      Set.of("PATH", "LANG", "LC_ALL", "TZ", "HOME", "TMPDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME");

  private static Path base;
  private static ProcessSandbox sandbox;

  @BeforeAll
  static void start() {
    base = TestDirs.fresh("sandbox-it");
    sandbox = new ProcessSandbox(settings(base, TestDirs.testClasses()));
  }

  static SandboxSettings settings(Path baseDir, String classpath) {
    return new SandboxSettings(
        baseDir,
        Path.of(System.getProperty("java.home"), "bin", "java"),
        classpath,
        ProbeAnalyzer.class.getName(),
        128,
        "auto",
        200_000,
        60_000,
        1024 * 1024,
        List.of());
  }

  private static AnalyzerInvocation invocation(Duration timeout) {
    return new AnalyzerInvocation(
        List.of("probe"), 1024 * 1024, 100, 10_000_000, timeout, new byte[32]);
  }

  private static Properties run(Workspace ws, String instructions) throws IOException {
    Files.writeString(ws.sourceDir().resolve("probe.properties"), instructions);
    AnalyzerRun run = sandbox.run(ws, invocation(Duration.ofSeconds(60)));
    assertEquals(0, run.exitCode(), "probe exit code");
    return report(ws);
  }

  private static Properties report(Workspace ws) throws IOException {
    Properties p = new Properties();
    p.load(
        new StringReader(
            Files.readString(
                ws.outputDir().resolve("probe-report.properties"), StandardCharsets.UTF_8)));
    return p;
  }

  @Test
  void run_shouldGiveTheAnalyzerOnlyTheAllowListedEnvironment_whenTheFunctionHoldsAwsCredentials()
      throws IOException {
    // given: the function's environment holds AWS credentials, as on Lambda (set by failsafe)
    assertNotNull(
        System.getenv("AWS_SECRET_ACCESS_KEY"), "the parent must hold AWS_* for this test");
    Workspace ws = sandbox.create("job-env");
    try {
      // when
      Properties report = run(ws, "");
      // then
      assertEquals(ALLOWED_ENV, Set.of(report.getProperty("env.names").split(",")));
      assertEquals("absent", report.getProperty("env.aws"));
      assertEquals("absent", report.getProperty("env.secrets"));
      assertEquals("readable", report.getProperty("salt"));
    } finally {
      assertTrue(sandbox.purge(ws).succeeded());
    }
  }

  @Test
  void run_shouldHideTheFunctionsProcessEnvironment_whenNamespacesAreAvailable()
      throws IOException {
    assumeTrue(sandbox.mode() != Isolation.NONE, "no namespaces here (Lambda): see README");
    Workspace ws = sandbox.create("job-proc");
    try {
      Properties report = run(ws, "parentPid=" + ProcessHandle.current().pid() + "\n");
      assertEquals(
          "absent", report.getProperty("proc.parent"), "parent's /proc entry is invisible");
      assertEquals("none", report.getProperty("proc.leaks"), "no readable environ holds AWS_*");
      assertTrue(Integer.parseInt(report.getProperty("proc.readable")) >= 1, "it did read its own");
    } finally {
      sandbox.purge(ws);
    }
  }

  @Test
  void run_shouldRunAsAnotherUser_whenTheFunctionIsRoot() throws IOException {
    assumeTrue(sandbox.mode() == Isolation.NAMESPACES_UID, "needs root");
    Workspace ws = sandbox.create("job-uid");
    try {
      int uid = Integer.parseInt(run(ws, "").getProperty("uid"));
      assertTrue(uid >= 200_000 && uid < 260_000, "job uid " + uid);
    } finally {
      sandbox.purge(ws);
    }
  }

  @Test
  void run_shouldCutTheNetwork_whenNamespacesAreAvailable() throws Exception {
    assumeTrue(sandbox.mode() != Isolation.NONE, "no namespaces here (Lambda): see README");
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket listener =
        new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                while (!listener.isClosed()) {
                  try (Socket s = listener.accept()) {
                    accepted.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      t.setDaemon(true);
      t.start();
      Workspace ws = sandbox.create("job-net");
      try {
        Properties report = run(ws, "connectPort=" + listener.getLocalPort() + "\n");
        assertEquals("failed", report.getProperty("net.connect"));
        assertEquals(0, accepted.get());
        // the listener itself works: the same connection from outside the sandbox gets through
        try (Socket s =
            new Socket(java.net.InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
          long until = System.currentTimeMillis() + 5000;
          while (accepted.get() == 0 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
          }
        }
        assertEquals(1, accepted.get());
      } finally {
        sandbox.purge(ws);
      }
    }
  }

  @Test
  void run_shouldKillTheWholeProcessTree_whenTheTimeoutIsReached() throws IOException {
    String marker = "4242." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    Workspace ws = sandbox.create("job-timeout");
    try {
      Files.writeString(
          ws.sourceDir().resolve("probe.properties"),
          "sleepSeconds=120\nsleepMarker=" + marker + "\n");
      long start = System.nanoTime();
      AnalyzerRun run = sandbox.run(ws, invocation(Duration.ofSeconds(4)));
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertTrue(run.timedOut());
      assertEquals(-1, run.exitCode());
      assertTrue(
          run.processesKilled() >= 2, "the JVM and its sleeping child: " + run.processesKilled());
      assertTrue(seconds < 30, "killed promptly, took " + seconds + " s");
      assertFalse(
          ProcessHandle.allProcesses()
              .anyMatch(h -> h.info().commandLine().orElse("").contains(marker)),
          "no descendant survives");
    } finally {
      assertTrue(sandbox.purge(ws).succeeded());
    }
  }

  @Test
  void create_shouldMakeDistinctPrivateWorkspaces_whenJobsRunConcurrently() throws Exception {
    Workspace a = sandbox.create("job-a");
    Workspace b = sandbox.create("job-b");
    try {
      assertNotEquals(a.root(), b.root());
      for (Workspace ws : List.of(a, b)) {
        Set<PosixFilePermission> perms =
            Files.getPosixFilePermissions(ws.root(), LinkOption.NOFOLLOW_LINKS);
        assertEquals(
            Set.of(
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE),
            perms);
      }
      Path secret = b.sourceDir().resolve("secret.txt");
      Files.writeString(secret, "b's code");
      CompletableFuture<Properties> runA =
          CompletableFuture.supplyAsync(() -> uncheckedRun(a, "readPath=" + secret + "\n"));
      CompletableFuture<Properties> runB = CompletableFuture.supplyAsync(() -> uncheckedRun(b, ""));
      Properties reportA = runA.get();
      Properties reportB = runB.get();
      for (Workspace ws : List.of(a, b)) {
        Set<PosixFilePermission> perms =
            Files.getPosixFilePermissions(ws.root(), LinkOption.NOFOLLOW_LINKS);
        assertFalse(
            perms.contains(PosixFilePermission.OTHERS_READ)
                || perms.contains(PosixFilePermission.OTHERS_EXECUTE),
            "others have no access: " + perms);
      }
      assertEquals("2", reportB.getProperty("files"), "b saw its own files");
      assumeTrue(
          sandbox.mode() == Isolation.NAMESPACES_UID,
          "same-user analyzers share file access: see README");
      assertNotEquals(reportA.getProperty("uid"), reportB.getProperty("uid"));
      assertEquals("denied", reportA.getProperty("read.other"));
    } finally {
      sandbox.purge(a);
      sandbox.purge(b);
    }
  }

  private static Properties uncheckedRun(Workspace ws, String instructions) {
    try {
      return run(ws, instructions);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void
      purge_shouldDeleteEverythingButNeverALinksTarget_whenTheAnalyzerLeftLinksAndLockedDirectories()
          throws IOException {
    Path outside = TestDirs.fresh("outside").resolve("precious.txt");
    Files.writeString(outside, "keep me");
    Workspace ws = sandbox.create("job-purge");
    Files.writeString(ws.sourceDir().resolve("a.txt"), "hello");
    Properties report = run(ws, "linkOutside=" + outside + "\nwriteTmpBytes=5000\n");
    assertEquals("created", report.getProperty("link.outside"));

    PurgeReport purge = sandbox.purge(ws);

    assertTrue(purge.succeeded(), "purged: " + purge);
    assertFalse(Files.exists(ws.root(), LinkOption.NOFOLLOW_LINKS));
    assertEquals("keep me", Files.readString(outside), "the link's target is untouched");
    assertTrue(purge.bytes() >= 5000, "counted the analyzer's scratch file: " + purge);
    assertTrue(purge.files() >= 5, "files, link, report, sarif, salt: " + purge);
  }

  @Test
  void run_shouldNotReadTheResult_whenTheAnalyzerPlantedALinkInstead() throws IOException {
    Workspace ws = sandbox.create("job-link");
    try {
      Files.writeString(ws.sourceDir().resolve("probe.properties"), "sarifAsLink=true\n");
      AnalyzerRun run = sandbox.run(ws, invocation(Duration.ofSeconds(60)));
      assertEquals(0, run.exitCode());
      assertNull(run.sarif(), "a link is never followed");
    } finally {
      sandbox.purge(ws);
    }
  }

  @Test
  void run_shouldResolveTheClasspathOnceAtTheFirstRun_whenGivenAClasspathSource() {
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    ProcessSandbox lazy =
        new ProcessSandbox(
            settings(base, null),
            () -> {
              asked.incrementAndGet();
              return base.resolve("nope.jar").toString();
            });
    Workspace ws = lazy.create("job-lazy");
    try {
      assertEquals(0, asked.get(), "not resolved to build the sandbox or a workspace");
      for (int i = 0; i < 2; i++) {
        AnalysisException e =
            assertThrows(
                AnalysisException.class, () -> lazy.run(ws, invocation(Duration.ofSeconds(5))));
        assertEquals(Reason.ANALYZERS_UNAVAILABLE, e.reason());
      }
      assertEquals(1, asked.get(), "resolved once, at the first run");
    } finally {
      assertTrue(lazy.purge(ws).succeeded());
    }
  }

  @Test
  void run_shouldFailWithAnalyzersUnavailable_whenTheClasspathIsMissing() {
    ProcessSandbox missing =
        new ProcessSandbox(settings(base, base.resolve("nope.jar").toString()));
    Workspace ws = missing.create("job-missing");
    try {
      AnalysisException e =
          assertThrows(
              AnalysisException.class, () -> missing.run(ws, invocation(Duration.ofSeconds(5))));
      assertEquals(Reason.ANALYZERS_UNAVAILABLE, e.reason());
    } finally {
      assertTrue(missing.purge(ws).succeeded());
    }
  }

  @Test
  void purgeLeftovers_shouldRemoveOnlySandboxesWhoseOwnerIsGone() throws Exception {
    Path dir = TestDirs.fresh("leftovers");
    ProcessSandbox own = new ProcessSandbox(settings(dir, TestDirs.testClasses()));
    Process other = new ProcessBuilder("/bin/sleep", "60").start();
    try {
      long otherStart = other.info().startInstant().orElseThrow().toEpochMilli();
      long self = ProcessHandle.current().pid();
      long selfStart = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
      Path dead = leftover(dir, ProcessSandbox.PREFIX + "2147483000_1_aa");
      Path reused =
          leftover(dir, ProcessSandbox.PREFIX + other.pid() + "_" + (otherStart - 99_000) + "_bb");
      Path foreignLive =
          leftover(dir, ProcessSandbox.PREFIX + other.pid() + "_" + otherStart + "_cc");
      Path oursNotLive = leftover(dir, ProcessSandbox.PREFIX + self + "_" + selfStart + "_dd");
      Path unrelated = leftover(dir, "someone-else");
      Workspace live = own.create("job-live");

      List<Sandbox.Leftover> removed = own.purgeLeftovers();

      assertEquals(
          Set.of(
              dead.getFileName().toString(),
              reused.getFileName().toString(),
              oursNotLive.getFileName().toString()),
          Set.copyOf(removed.stream().map(Sandbox.Leftover::name).toList()));
      assertTrue(removed.stream().allMatch(l -> l.report().succeeded()));
      assertFalse(Files.exists(dead));
      assertTrue(Files.exists(foreignLive), "a live process's sandbox is not ours to remove");
      assertTrue(Files.exists(unrelated));
      assertTrue(Files.exists(live.root()), "a live workspace stays");
      own.purge(live);
    } finally {
      other.destroyForcibly();
    }
  }

  private static Path leftover(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.resolve("src/deep"));
    Files.writeString(p.resolve("src/deep/code.java"), "class A {}");
    return p;
  }

  @Test
  void settings_shouldRefuseToPassCredentialsOrJvmOptions_whenConfigured() {
    for (String name :
        List.of(
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "JAVA_TOOL_OPTIONS",
            "LD_PRELOAD",
            "AIRLOCK_X",
            "MY_API_KEY")) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              new SandboxSettings(
                  base,
                  Path.of("java"),
                  null,
                  "a.B",
                  128,
                  "none",
                  200_000,
                  10,
                  4096,
                  List.of(name)),
          name);
    }
    assertTrue(SandboxSettings.passable("LANGUAGE"));
  }
}
