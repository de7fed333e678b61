package dev.airlock.analyze.adapter.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of {@link ProcessSandbox}.
 *
 * @param baseDir where sandboxes are created (the function's temporary space: {@code /tmp} on
 *     Lambda); must exist
 * @param javaExecutable the {@code java} launcher for analyzer processes
 * @param classpath the analyzers' classpath (their shaded jar), or null if not installed (jobs then
 *     fail with {@code analyzers-unavailable})
 * @param mainClass the analyzers' entry point
 * @param heapMb the analyzer JVM's maximum heap
 * @param isolation {@code auto}, {@code namespaces+uid}, {@code user-namespace} or {@code none}
 * @param uidBase first user id handed to analyzer processes (namespaces+uid mode)
 * @param uidCount how many user ids from {@code uidBase} may be used
 * @param maxSarifBytes largest SARIF file the parent reads
 * @param passThroughEnv environment variables copied from the function's environment to the
 *     analyzer's (never credentials: names that look like credentials or JVM option injection are
 *     refused)
 * @param smallJobFiles a job with at most this many files written into the workspace runs its
 *     analyzer JVM with the C1 compiler only ({@code -XX:TieredStopAtLevel=1}): a short run spends
 *     more CPU in C2 compile threads than C2's code gives back; 0 never does
 * @param classArchive whether the analyzer JVM maps a {@link ClassArchive} this process made (needs
 *     the real analyzers' entry point: the archive is trained by running it)
 */
public record SandboxSettings(
    Path baseDir,
    Path javaExecutable,
    String classpath,
    String mainClass,
    int heapMb,
    String isolation,
    int uidBase,
    int uidCount,
    long maxSarifBytes,
    List<String> passThroughEnv,
    int smallJobFiles,
    boolean classArchive) {

  /**
   * Files up to which a job counts as small (C1 only): where C1 alone finishes sooner. Lambda bills
   * wall time, and the function's 3008 MB come with more than one vCPU, so C2's compile thread runs
   * beside the analysis instead of in its way. PMD's quickstart rules over generated Java (figure 7
   * in {@code benchmarks/README.md}, one quiet 2-core machine, median of 2, stage wall with C1 only
   * against full tiering): 150 files 3.3 s against 4.3 s, 500 files 7.5 against 8.2, 1,000 files
   * 14.0 against 12.7, 1,500 files about 22 against 17.1. C1 alone always costs less CPU (31-45%
   * less at every size), but from about 700 files on C2's faster code returns its compile time in
   * wall time too.
   */
  public static final int DEFAULT_SMALL_JOB_FILES = 700;

  /** Settings with the default small-job threshold and no class archive. */
  public SandboxSettings(
      Path baseDir,
      Path javaExecutable,
      String classpath,
      String mainClass,
      int heapMb,
      String isolation,
      int uidBase,
      int uidCount,
      long maxSarifBytes,
      List<String> passThroughEnv) {
    this(
        baseDir,
        javaExecutable,
        classpath,
        mainClass,
        heapMb,
        isolation,
        uidBase,
        uidCount,
        maxSarifBytes,
        passThroughEnv,
        DEFAULT_SMALL_JOB_FILES,
        false);
  }

  public SandboxSettings {
    Objects.requireNonNull(baseDir, "baseDir");
    Objects.requireNonNull(javaExecutable, "javaExecutable");
    Objects.requireNonNull(mainClass, "mainClass");
    if (!mainClass.matches("[A-Za-z_$][A-Za-z0-9_$.]{0,255}")) {
      throw new IllegalArgumentException("analyzer main class is invalid");
    }
    if (heapMb < 64
        || uidBase < 1000
        || uidCount < 1
        || maxSarifBytes < 1024
        || smallJobFiles < 0) {
      throw new IllegalArgumentException("sandbox limits are invalid");
    }
    passThroughEnv = List.copyOf(passThroughEnv == null ? List.of() : passThroughEnv);
    for (String name : passThroughEnv) {
      if (!passable(name)) {
        throw new IllegalArgumentException("environment variable may not be passed to analyzers");
      }
    }
  }

  /**
   * Names that may never reach an analyzer: AWS credentials and anything named like a secret, the
   * function's own settings, and variables that inject JVM options or preloaded libraries.
   */
  static boolean passable(String name) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
      return false;
    }
    String n = name.toUpperCase(Locale.ROOT);
    for (String bad :
        List.of("TOKEN", "SECRET", "KEY", "PASSWORD", "CREDENTIAL", "SESSION", "AUTH")) {
      if (n.contains(bad)) {
        return false;
      }
    }
    return !n.startsWith("AWS_")
        && !n.startsWith("AIRLOCK_")
        && !n.startsWith("LD_")
        && !n.startsWith("GIT_")
        && !n.equals("JAVA_TOOL_OPTIONS")
        && !n.equals("_JAVA_OPTIONS")
        && !n.equals("JDK_JAVA_OPTIONS")
        && !n.equals("CLASSPATH");
  }
}
