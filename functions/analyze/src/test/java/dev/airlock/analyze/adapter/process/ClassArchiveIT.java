package dev.airlock.analyze.adapter.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.analyze.TestDirs;
import dev.airlock.analyze.domain.AnalyzerInvocation;
import dev.airlock.analyze.domain.AnalyzerRun;
import dev.airlock.analyze.domain.Workspace;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyzer JVM's class archive with the real analyzers: made once, readable but not writable by
 * the job's user, never changing a finding (the small-job flags — C1 only, the archive — give the
 * very SARIF the large-job flags give), and a damaged or missing archive neither reaches a JVM nor
 * breaks analysis, and is made again.
 */
class ClassArchiveIT {
  private static Path base;
  private static ProcessSandbox fast;
  private static ProcessSandbox plain;

  static Path analyzersJar() {
    return Path.of(
        System.getProperty("airlock.analyzers.jar", "../analyzers/target/analyzers.jar"));
  }

  private static SandboxSettings settings(int smallJobFiles, boolean archive) {
    return new SandboxSettings(
        base,
        Path.of(System.getProperty("java.home"), "bin", "java"),
        analyzersJar().toAbsolutePath().toString(),
        "dev.airlock.analyzers.AnalyzerMain",
        512,
        "auto",
        200_000,
        60_000,
        64L * 1024 * 1024,
        List.of(),
        smallJobFiles,
        archive);
  }

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(Files.isRegularFile(analyzersJar()), "the analyzers' shaded jar is built");
    base = TestDirs.fresh("class-archive-it");
    // other users (the job's) must be able to reach the jar's and the archive's directories
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
    fast = new ProcessSandbox(settings(SandboxSettings.DEFAULT_SMALL_JOB_FILES, true));
    plain = new ProcessSandbox(settings(0, false));
    assertTrue(fast.prepareClassArchive(List.of("pmd", "secrets")), "archive built");
  }

  @AfterAll
  static void stop() {
    if (fast != null) {
      fast.closeClassArchive();
    }
  }

  private static byte[] analyze(ProcessSandbox sandbox) throws IOException {
    Workspace ws = sandbox.create("job-archive");
    try {
      Path pkg = Files.createDirectories(ws.sourceDir().resolve("src/demo"));
      Files.writeString(
          pkg.resolve("Config.java"),
          "package demo;\n\npublic class Config {\n  private int neverRead;\n\n"
              + "  public String join(java.util.List<String> parts) {\n    String s = \"\";\n"
              + "    for (String p : parts) { s += p; }\n    if (s == \"x\") return null;\n"
              + "    return s;\n  }\n}\n");
      Files.writeString(
          pkg.resolve("Other.java"),
          "package demo;\n\nclass Other {\n  void run() {\n    try {\n"
              + "      Integer.parseInt(\"1\");\n    } catch (Exception e) {\n    }\n  }\n}\n");
      AnalyzerRun run =
          sandbox.run(
              ws,
              new AnalyzerInvocation(
                  List.of("pmd", "secrets"),
                  1024 * 1024,
                  1000,
                  10_000_000,
                  Duration.ofSeconds(150),
                  new byte[32]));
      assertEquals(0, run.exitCode(), "analyzer exit code");
      assertNotNull(run.sarif());
      return run.sarif();
    } finally {
      assertTrue(sandbox.purge(ws).succeeded());
    }
  }

  @Test
  void prepareClassArchive_shouldLeaveAFileOnlyThisProcessCanWrite_whenBuilt() throws IOException {
    Path archive = fast.classArchive().orElseThrow();
    assertEquals("r--r--r--", perms(archive));
    assertEquals("rwx--x--x", perms(archive.getParent()));
    assertEquals(
        Files.getOwner(base, LinkOption.NOFOLLOW_LINKS),
        Files.getOwner(archive, LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(archive.resolveSibling("train")), "training tree removed");
  }

  @Test
  void prepareClassArchive_shouldKeepTheJobsUserFromWritingTheArchive_whenJobsRunAsOtherUsers()
      throws Exception {
    assumeTrue(fast.mode() == Isolation.NAMESPACES_UID, "jobs run as other users only as root");
    Path archive = fast.classArchive().orElseThrow();
    long size = Files.size(archive);
    // as a job's user would: append to the archive, then replace it in its directory
    Process p =
        new ProcessBuilder(
                "setpriv",
                "--reuid=200123",
                "--regid=200123",
                "--clear-groups",
                "sh",
                "-c",
                "echo x >> '"
                    + archive
                    + "' ; echo x > '"
                    + archive.resolveSibling("x.jsa")
                    + "' ; cat '"
                    + archive
                    + "' > /dev/null && echo readable")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertTrue(out.contains("readable"), "the job's user can read (map) the archive");
    assertEquals(size, Files.size(archive), "the job's user could not append");
    assertFalse(Files.exists(archive.resolveSibling("x.jsa")), "nor create beside it");
    assertTrue(fast.classArchive().isPresent(), "still intact");
  }

  @Test
  void run_shouldReportTheSameFindings_whenTheSmallJobFlagsAndTheArchiveAreUsed()
      throws IOException {
    assertTrue(fast.classArchive().isPresent());
    byte[] withArchive = analyze(fast);
    byte[] without = analyze(plain);
    assertTrue(new String(without).contains("\"ruleId\""), "the corpus has findings");
    assertArrayEquals(without, withArchive);
  }

  @Test
  void run_shouldAnalyzeWithoutTheArchiveAndRebuildIt_whenTheArchiveIsTruncatedOrMissing()
      throws IOException {
    // a dedicated sandbox: this test damages its archive
    ProcessSandbox own =
        new ProcessSandbox(settings(SandboxSettings.DEFAULT_SMALL_JOB_FILES, true));
    try {
      assertTrue(own.prepareClassArchive(List.of("pmd")));
      byte[] expected = analyze(plain);
      Path archive = own.classArchive().orElseThrow();
      // truncated with its header intact: HotSpot would map it and crash (exit 134)
      Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r--r--"));
      try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.WRITE)) {
        ch.truncate(ch.size() / 2);
      }
      Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("r--r--r--"));
      assertTrue(own.classArchive().isEmpty(), "a changed archive is refused");
      assertFalse(Files.exists(archive), "and removed");
      assertArrayEquals(expected, analyze(own), "analysis does not depend on the archive");

      assertTrue(own.prepareClassArchive(List.of("pmd")), "rebuilt");
      Path again = own.classArchive().orElseThrow();
      assertNotEquals(archive, again);
      Files.delete(again);
      assertTrue(own.classArchive().isEmpty(), "a missing archive is refused");
      assertArrayEquals(expected, analyze(own));
    } finally {
      own.closeClassArchive();
    }
  }

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }
}
