package dev.airlock.benchmarks.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whole-process measurements: runs a command (a fresh JVM) to completion and reports its wall time
 * (spawn to exit, as the parent sees it) and its CPU time (user + system, every thread: JIT, GC,
 * class loading included).
 *
 * <p>The CPU time is the growth of this process's {@code cutime + cstime} in {@code
 * /proc/self/stat}: Linux adds a child's total CPU there when it is reaped, which {@link
 * Process#waitFor()} does. A child's own {@code /proc/<pid>} is gone by then, and sampling it just
 * before exit would miss the shutdown. Only one child may exit at a time for this to be exact, so
 * the sampler is not thread-safe by design; long-running children (the local stand-ins) do not
 * count until they exit. Resolution is one clock tick (10 ms).
 */
public final class ProcessSampler {
  private static final double MILLIS_PER_TICK = 10.0; // USER_HZ is 100 on Linux

  private ProcessSampler() {}

  /**
   * One run's outcome.
   *
   * @param wallMillis spawn to exit
   * @param cpuMillis user + system CPU of the child, or NaN where {@code /proc} is unavailable
   * @param exitCode the child's exit code
   * @param stdout what it printed on standard output
   * @param stderr what it printed on standard error (kept for diagnosing failures)
   */
  public record Sample(
      double wallMillis, double cpuMillis, int exitCode, String stdout, String stderr) {}

  /**
   * Runs {@code command} once with {@code env} added to this process's environment.
   *
   * @throws IOException if it cannot start, or it does not finish within {@code timeout} (it is
   *     then killed)
   */
  public static Sample run(
      List<String> command, Map<String, String> env, Path scratch, Duration timeout)
      throws IOException, InterruptedException {
    Files.createDirectories(scratch);
    Path out = Files.createTempFile(scratch, "child-", ".out");
    Path err = Files.createTempFile(scratch, "child-", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().putAll(env);
      pb.redirectOutput(out.toFile());
      pb.redirectError(err.toFile());
      long cpuBefore = childrenCpuTicks();
      long t0 = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IOException("child did not finish within " + timeout + ": " + command.get(0));
      }
      long wall = System.nanoTime() - t0;
      long cpuAfter = childrenCpuTicks();
      double cpu =
          cpuBefore < 0 || cpuAfter < 0 ? Double.NaN : (cpuAfter - cpuBefore) * MILLIS_PER_TICK;
      return new Sample(
          wall / 1e6,
          cpu,
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Runs each variant {@code runs} times, round-robin (A B A B …) so that drift in the machine's
   * load hits every variant alike, after one discarded run each (page cache, first-exec costs).
   * Every run must exit 0 and print {@code expect} on standard output.
   *
   * @return variant name → its samples, in run order
   * @throws IOException if a run fails or does not print {@code expect}
   */
  public static Map<String, List<Sample>> compare(
      Map<String, List<String>> variants,
      Map<String, String> env,
      String expect,
      int runs,
      Path scratch,
      Duration timeout)
      throws IOException, InterruptedException {
    return compare(variants, env, expect, runs, scratch, timeout, (variant, run) -> {});
  }

  /** Prepares the state one run needs (e.g. a fresh account to delete); not timed. */
  @FunctionalInterface
  public interface BeforeRun {
    /**
     * @param variant the variant about to run
     * @param run its index, -1 for the discarded first run
     */
    void prepare(String variant, int run) throws IOException;
  }

  /** As above, calling {@code beforeRun} before each run, outside the timed span. */
  public static Map<String, List<Sample>> compare(
      Map<String, List<String>> variants,
      Map<String, String> env,
      String expect,
      int runs,
      Path scratch,
      Duration timeout,
      BeforeRun beforeRun)
      throws IOException, InterruptedException {
    Map<String, List<Sample>> out = new LinkedHashMap<>();
    variants.keySet().forEach(k -> out.put(k, new ArrayList<>()));
    for (int i = -1; i < runs; i++) {
      for (Map.Entry<String, List<String>> v : variants.entrySet()) {
        beforeRun.prepare(v.getKey(), i);
        Sample s = run(v.getValue(), env, scratch, timeout);
        if (s.exitCode() != 0 || (expect != null && !s.stdout().contains(expect))) {
          throw new IOException(
              "variant "
                  + v.getKey()
                  + " failed (exit "
                  + s.exitCode()
                  + "): "
                  + tail(s.stdout() + "\n" + s.stderr(), 1500));
        }
        if (i >= 0) {
          out.get(v.getKey()).add(s);
        }
      }
    }
    return out;
  }

  /** {@code cutime + cstime} of this process in clock ticks, or -1 without {@code /proc}. */
  public static long childrenCpuTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // The command name (field 2) may contain spaces; the fields after its closing paren do not.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state); cutime and cstime are fields 16 and 17.
      return Long.parseLong(f[13]) + Long.parseLong(f[14]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static String tail(String s, int max) {
    return s.length() <= max ? s : s.substring(s.length() - max);
  }

  /** The {@code java} executable of this JVM, so that children run on the same JDK. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
