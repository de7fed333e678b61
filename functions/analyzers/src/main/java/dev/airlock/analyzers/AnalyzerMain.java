package dev.airlock.analyzers;

import dev.airlock.analyzers.sarif.SarifLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Entry point of the analyzer child JVM that the sandbox starts:
 *
 * <pre>
 * java -Xmx512m -cp analyzers.jar dev.airlock.analyzers.AnalyzerMain \
 *     --root CHECKOUT --out RESULT.sarif --salt-file SALT \
 *     [--analyzers secrets,pmd] [--max-file-bytes N] [--max-results N] [--max-gzip-bytes N] \
 *     [--pmd-ruleset REF[,REF]] [--pmd-threads N] [--regex-budget-ms N] [--generic-entropy X]
 *     [--file-scan-budget-ms N] [--scan-budget-ms N] [--pmd-budget-ms N]
 * </pre>
 *
 * <p>It reads only the checkout (never following links), writes one SARIF 2.1.0 log to {@code
 * --out} (a new file: an existing file or link there is refused), and prints exactly one line on
 * stdout, the {@link AnalyzerSummary} JSON. Nothing else reaches stdout or stderr while analyzers
 * run: both are silenced, because libraries may print paths or code. A usage or I/O error prints
 * one fixed sentence on stderr, without argument values.
 *
 * <p>The salt is read from {@code --salt-file}, written by the parent outside the checkout; it
 * never comes from the environment and is never printed. Neither the salt file nor the output may
 * be inside the checkout. Run it with the sandbox directory, not the checkout, as working directory
 * (see {@link dev.airlock.analyzers.pmd.PmdAnalyzer}).
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_USAGE} usage error (nothing written);
 * {@value #EXIT_ANALYZER_FAILED} an analyzer failed (the log is written, that run marked failed);
 * {@value #EXIT_IO} the checkout could not be listed or the log not written; {@value
 * #EXIT_INTERNAL} unexpected internal error.
 */
public final class AnalyzerMain {

  /** Success. */
  public static final int EXIT_OK = 0;

  /** Bad arguments; nothing was written. */
  public static final int EXIT_USAGE = 2;

  /** At least one analyzer failed; the log and summary were written. */
  public static final int EXIT_ANALYZER_FAILED = 3;

  /** The checkout could not be read or the log could not be written. */
  public static final int EXIT_IO = 4;

  /** Anything else. */
  public static final int EXIT_INTERNAL = 70;

  private static final Set<String> OPTIONS =
      Set.of(
          "--root",
          "--out",
          "--salt-file",
          "--analyzers",
          "--max-file-bytes",
          "--max-results",
          "--max-gzip-bytes",
          "--pmd-ruleset",
          "--pmd-threads",
          "--regex-budget-ms",
          "--generic-entropy",
          "--file-scan-budget-ms",
          "--scan-budget-ms",
          "--pmd-budget-ms");

  private AnalyzerMain() {}

  /** Runs and exits with the code of {@link #run}. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** A usage error with a fixed message that never contains an argument value. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Runs the analyzers; the testable body of {@link #main}.
   *
   * @param stdout receives the summary line and nothing else
   * @param stderr receives at most one fixed error sentence
   * @return the exit code
   */
  public static int run(String[] args, PrintStream stdout, PrintStream stderr) {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
    System.setOut(silent);
    System.setErr(silent);
    try {
      AnalyzerRequest request;
      Path out;
      try {
        Map<String, String> options = options(args);
        Path root = path(options, "--root", true);
        out = path(options, "--out", true);
        Path saltFile = path(options, "--salt-file", true);
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
          throw new UsageException("--root must be a directory (not a link)");
        }
        if (inside(out, root) || inside(saltFile, root)) {
          throw new UsageException("--out and --salt-file must be outside --root");
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
          throw new UsageException("--out must not exist yet");
        }
        Salt salt;
        try {
          salt = Salt.readFrom(saltFile);
        } catch (IOException | IllegalArgumentException e) {
          throw new UsageException("--salt-file must be a regular file of 16 to 4096 bytes");
        }
        request = request(options, root, salt);
      } catch (UsageException e) {
        stderr.println("usage error: " + e.getMessage());
        return EXIT_USAGE;
      }

      AnalyzerReport report;
      try {
        report = Analyzers.run(request);
      } catch (IOException e) {
        stderr.println("error: the checkout could not be listed");
        return EXIT_IO;
      }
      try {
        Files.write(
            out, report.sarifBytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (IOException e) {
        stderr.println("error: the SARIF log could not be written");
        return EXIT_IO;
      }
      stdout.println(report.summary().toJson());
      stdout.flush();
      return report.successful() ? EXIT_OK : EXIT_ANALYZER_FAILED;
    } catch (RuntimeException | StackOverflowError e) {
      stderr.println("error: internal error");
      return EXIT_INTERNAL;
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }

  private static AnalyzerRequest request(Map<String, String> options, Path root, Salt salt)
      throws UsageException {
    AnalyzerRequest.Builder builder = AnalyzerRequest.builder(root, salt);
    if (options.containsKey("--analyzers")) {
      Set<AnalyzerKind> kinds = EnumSet.noneOf(AnalyzerKind.class);
      for (String name : options.get("--analyzers").split(",", -1)) {
        kinds.add(
            AnalyzerKind.fromCliName(name.trim())
                .orElseThrow(() -> new UsageException("--analyzers takes secrets and/or pmd")));
      }
      builder.analyzers(kinds);
    }
    SarifLimits limits = SarifLimits.GITHUB;
    if (options.containsKey("--max-results")) {
      limits = limits.withMaxResultsPerRun((int) number(options, "--max-results", 1, 1_000_000));
    }
    if (options.containsKey("--max-gzip-bytes")) {
      limits = limits.withMaxGzipBytes(number(options, "--max-gzip-bytes", 1024, Long.MAX_VALUE));
    }
    builder.limits(limits);
    if (options.containsKey("--max-file-bytes")) {
      builder.maxFileBytes(number(options, "--max-file-bytes", 1, Long.MAX_VALUE));
    }
    if (options.containsKey("--pmd-ruleset")) {
      builder.pmdRulesets(
          Arrays.stream(options.get("--pmd-ruleset").split(",", -1)).map(String::trim).toList());
    }
    if (options.containsKey("--pmd-threads")) {
      builder.pmdThreads((int) number(options, "--pmd-threads", 0, 64));
    }
    if (options.containsKey("--regex-budget-ms")) {
      builder.regexBudget(
          Duration.ofMillis(
              number(options, "--regex-budget-ms", 1, Duration.ofHours(1).toMillis())));
    }
    if (options.containsKey("--file-scan-budget-ms")) {
      builder.fileScanBudget(
          Duration.ofMillis(
              number(options, "--file-scan-budget-ms", 1, Duration.ofHours(1).toMillis())));
    }
    if (options.containsKey("--scan-budget-ms")) {
      builder.scanBudget(
          Duration.ofMillis(
              number(options, "--scan-budget-ms", 1, Duration.ofHours(6).toMillis())));
    }
    if (options.containsKey("--pmd-budget-ms")) {
      builder.pmdBudget(
          Duration.ofMillis(number(options, "--pmd-budget-ms", 1, Duration.ofHours(6).toMillis())));
    }
    if (options.containsKey("--generic-entropy")) {
      try {
        builder.genericEntropy(
            OptionalDouble.of(Double.parseDouble(options.get("--generic-entropy"))));
      } catch (NumberFormatException e) {
        throw new UsageException("--generic-entropy takes a number from 0 to 8");
      }
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      // Our own messages: they name the setting, never its value.
      throw new UsageException(e.getMessage());
    }
  }

  private static Map<String, String> options(String[] args) throws UsageException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!OPTIONS.contains(name)) {
        throw new UsageException("unknown option; expected one of " + List.copyOf(OPTIONS));
      }
      if (i + 1 >= args.length) {
        throw new UsageException(name + " needs a value");
      }
      if (options.put(name, args[++i]) != null) {
        throw new UsageException(name + " given twice");
      }
    }
    return options;
  }

  private static Path path(Map<String, String> options, String name, boolean required)
      throws UsageException {
    String value = options.get(name);
    if (value == null || value.isEmpty()) {
      if (required) {
        throw new UsageException(name + " is required");
      }
      return null;
    }
    try {
      return Path.of(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new UsageException(name + " is not a valid path");
    }
  }

  private static long number(Map<String, String> options, String name, long min, long max)
      throws UsageException {
    try {
      long value = Long.parseLong(options.get(name).trim());
      if (value < min || value > max) {
        throw new UsageException(name + " is out of range");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " takes a whole number");
    }
  }

  // Compares real paths where they exist, so a link cannot hide that a file lies in the checkout.
  private static boolean inside(Path file, Path root) {
    Path realRoot = real(root);
    Path parent = file.getParent();
    Path realFile = parent == null ? file : real(parent).resolve(file.getFileName());
    return realFile.startsWith(realRoot) || file.startsWith(root);
  }

  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path;
    }
  }
}
