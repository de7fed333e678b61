package dev.airlock.benchmarks.harness;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every figure needs to know about this run.
 *
 * @param repoRoot the checkout's root (where {@code functions/}, {@code events/}, {@code
 *     benchmarks/} are)
 * @param workDir a scratch directory for this run (bodies, state of the local stand-ins), deleted
 *     afterwards
 * @param coldRuns fresh JVMs per variant in whole-process figures (at least 10 for a figure of
 *     record)
 * @param quick shorter JMH iterations and loads, for a smoke run; its numbers are not of record
 * @param log progress lines (never secrets)
 */
public record RunContext(
    Path repoRoot, Path workDir, int coldRuns, boolean quick, PrintStream log) {

  public RunContext {
    if (repoRoot == null || !Files.isDirectory(repoRoot)) {
      throw new IllegalArgumentException("repository root not found: " + repoRoot);
    }
    if (workDir == null) {
      throw new IllegalArgumentException("work directory is required");
    }
    if (coldRuns < 1) {
      throw new IllegalArgumentException("coldRuns must be positive");
    }
  }

  /** The harness's own runnable jar, whose manifest class path reaches every dependency. */
  public Path benchmarksJar() {
    return repoRoot.resolve("benchmarks/target/benchmarks.jar");
  }

  public void progress(String line) {
    log.println("[bench] " + line);
    log.flush();
  }
}
