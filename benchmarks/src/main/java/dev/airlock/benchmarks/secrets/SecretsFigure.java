package dev.airlock.benchmarks.secrets;

import dev.airlock.analyzers.AnalyzerKind;
import dev.airlock.analyzers.AnalyzerOutcome;
import dev.airlock.analyzers.AnalyzerRequest;
import dev.airlock.analyzers.Salt;
import dev.airlock.analyzers.files.RepositoryWalker;
import dev.airlock.analyzers.sarif.SarifResult;
import dev.airlock.analyzers.secrets.GitleaksConfig;
import dev.airlock.analyzers.secrets.SecretRule;
import dev.airlock.analyzers.secrets.SecretsAnalyzer;
import dev.airlock.analyzers.secrets.Toml;
import dev.airlock.benchmarks.harness.Figure;
import dev.airlock.benchmarks.harness.Measurement;
import dev.airlock.benchmarks.harness.ProcessSampler;
import dev.airlock.benchmarks.harness.Result;
import dev.airlock.benchmarks.harness.RunContext;
import dev.airlock.benchmarks.harness.Stats;
import dev.airlock.benchmarks.harness.Target;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Figure 6: the secrets analyzer (the shipped gitleaks rules with their entropy thresholds, as the
 * analyze sandbox runs it: {@link RepositoryWalker} + {@link SecretsAnalyzer}, in this JVM, warm)
 * over a generated ~100 MB source-like corpus with a known number of planted secrets, as throughput
 * (MB/s) ÷ the throughput of {@code grep -E -c -f patterns}, where {@code patterns} holds the same
 * rules' regexes translated to ERE ({@link GrepPatterns}; the untranslatable ones are listed in the
 * details and left out of the floor, which only makes the floor's work smaller). ripgrep, when
 * installed, is measured too with the rules' original patterns, on one thread ({@code -j1}: the
 * analyzer scans on one thread).
 *
 * <p>grep and ripgrep compile all patterns into one automaton; with ~220 gitleaks rules (bounded
 * repetitions such as {@code [\w.-]{0,50}}, case-insensitive keywords) that automaton is so large
 * that they scan kilobytes per second, and the 100 MB corpus would take hours. Their throughput is
 * therefore measured on growing prefixes of the same corpus (4 KB, 8 KB, ...) until one run exceeds
 * a time budget, and the rate of the largest prefix (their best) is the floor; if not even the
 * first prefix finishes within five times the budget, prefix ÷ timeout (an upper bound of their
 * rate) is, and the details say so.
 *
 * <p>A run whose findings are not exactly the planted secrets (rule, file, line) fails: a scanner
 * that finds nothing is fast for the wrong reason.
 */
public final class SecretsFigure implements Figure {

  static final long SEED = 20260606L;
  private static final long CORPUS_BYTES = 100L * 1000 * 1000;
  private static final int FILE_BYTES = 40_000;
  private static final int SECRETS = 240;

  @Override
  public String id() {
    return "6";
  }

  @Override
  public String title() {
    return "Secrets analyzer over a ~100 MB source-like corpus (gitleaks rules + entropy)";
  }

  @Override
  public String floorDescription() {
    return "grep -E -c -f patterns (the same rules' regexes as ERE, LC_ALL=C) over prefixes of the"
        + " same corpus, time-boxed; ripgrep -j1 with the original patterns when installed";
  }

  @Override
  public Target target() {
    return Target.atLeast(0.75);
  }

  @Override
  public List<Result> run(RunContext ctx) throws Exception {
    Path work = ctx.workDir().resolve("fig6");
    Path scratch = work.resolve("scratch");
    Files.createDirectories(scratch);
    long bytes = ctx.quick() ? CORPUS_BYTES / 5 : CORPUS_BYTES;
    int secrets = ctx.quick() ? SECRETS / 5 : SECRETS;
    ctx.progress("figure 6: writing the corpus (" + bytes / 1_000_000 + " MB, seed " + SEED + ")");
    SecretsCorpus.Written corpus =
        SecretsCorpus.write(work.resolve("corpus"), SEED, bytes, FILE_BYTES, secrets);

    GitleaksConfig config = GitleaksConfig.loadDefault();
    Map<String, String> go = goPatterns(config);
    Map<String, GrepPatterns.Translation> ere = GrepPatterns.translateAll(go);
    Map<String, String> refused = new LinkedHashMap<>();
    List<String> erePatterns = new ArrayList<>();
    List<String> goKept = new ArrayList<>();
    for (Map.Entry<String, GrepPatterns.Translation> e : ere.entrySet()) {
      GrepPatterns.Translation t = e.getValue();
      String grepError = t.ok() ? grepRejects(t.ere(), scratch) : null;
      if (!t.ok() || grepError != null) {
        refused.put(e.getKey(), t.ok() ? grepError : t.refused());
      } else {
        erePatterns.add(t.ere());
        goKept.add(toRustSyntax(go.get(e.getKey())));
      }
    }
    Path ereFile = work.resolve("patterns.ere");
    Path goFile = work.resolve("patterns.re2");
    Files.write(ereFile, erePatterns, StandardCharsets.UTF_8);
    Files.write(goFile, goKept, StandardCharsets.UTF_8);
    boolean rg =
        ProcessSampler.run(List.of("rg", "--version"), Map.of(), scratch, Duration.ofSeconds(30))
                .exitCode()
            == 0;

    int runs = ctx.quick() ? 1 : 3;
    ctx.progress(
        "figure 6: "
            + erePatterns.size()
            + " patterns for grep ("
            + refused.size()
            + " refused); analyzer: 1 discarded + "
            + runs
            + " runs over the corpus");
    List<Double> analyzerWall = new ArrayList<>();
    List<Double> analyzerCpu = new ArrayList<>();
    String check = null;
    int findings = -1;
    for (int i = -1; i < runs; i++) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      AnalyzerOutcome outcome = analyze(corpus.root());
      long wall = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      findings = outcome.run().results().size();
      String mismatch = compare(corpus.planted(), outcome.run().results());
      if (mismatch != null) {
        check = mismatch;
      }
      if (i >= 0) {
        analyzerWall.add(wall / 1e6);
        analyzerCpu.add(cpu / 1e6);
      }
    }
    ctx.progress("figure 6: grep -E -f over growing samples of the corpus (time-boxed)");
    Duration budget = Duration.ofSeconds(ctx.quick() ? 10 : 60);
    Ladder grep =
        ladder(
            corpus,
            work,
            scratch,
            budget,
            path -> List.of("grep", "-E", "-c", "-f", ereFile.toString(), path.toString()));
    Ladder ripgrep = null;
    if (rg) {
      ctx.progress("figure 6: ripgrep -j1 over growing samples of the corpus (time-boxed)");
      ripgrep =
          ladder(
              corpus,
              work,
              scratch,
              budget,
              path ->
                  List.of(
                      "rg",
                      "--no-config",
                      "-j1",
                      "-c",
                      "--regex-size-limit",
                      "2G",
                      "--dfa-size-limit",
                      "2G",
                      "-f",
                      goFile.toString(),
                      path.toString()));
    }
    double mb = corpus.bytes() / 1e6;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("corpusBytes", corpus.bytes());
    details.put("files", corpus.files());
    details.put("seed", SEED);
    details.put("planted", corpus.planted().size());
    details.put("findings", findings);
    details.put("rulesLoaded", config.rules().size());
    details.put("patternsForGrep", erePatterns.size());
    details.put("patternsNotTranslatable", refused);
    details.put("runs", runs);
    details.put("analyzerWallMillis", rounded(analyzerWall));
    details.put("analyzerThreadCpuMillis", rounded(analyzerCpu));
    details.put("grepSamples", grep.describe());
    details.put(
        "method",
        "analyzer: MB/s = corpus bytes / median wall, in this JVM (warm, one thread) incl."
            + " listing, reading, decoding. grep/rg: fresh processes, LC_ALL=C, over the first"
            + " 4 KB, 8 KB, ... of the corpus (files concatenated) until one run takes longer"
            + " than "
            + budget.toSeconds()
            + " s: the whole corpus would take hours (one automaton for all rules); their rate"
            + " is that of the largest sample, the best they reached");
    List<Result> rows = new ArrayList<>();
    double analyzerRate = mb / (Stats.median(analyzerWall) / 1000);
    details.put("grepRateIsUpperBound", !grep.best().finished());
    {
      rows.add(
          Result.measured(
              id(),
              "vs grep -E",
              new Measurement(analyzerRate, "MB/s"),
              new Measurement(grep.best().rate(), "MB/s"),
              target(),
              check,
              details));
    }
    if (ripgrep != null) {
      Map<String, Object> rgDetails = new LinkedHashMap<>();
      rgDetails.put("rgSamples", ripgrep.describe());
      rgDetails.put(
          "patterns", goKept.size() + " (the same rules, RE2 syntax; size limits raised to 2G)");
      rgDetails.put("rgRateIsUpperBound", !ripgrep.best().finished());
      {
        rows.add(
            Result.measured(
                id(),
                "vs ripgrep -j1",
                new Measurement(analyzerRate, "MB/s"),
                new Measurement(ripgrep.best().rate(), "MB/s"),
                target(),
                check,
                rgDetails));
      }
    }
    return rows;
  }

  static final int SAMPLE_START = 4 * 1024;

  /** One timed run of a floor over a sample. */
  record Step(long bytes, double wallMillis, double cpuMillis, boolean finished) {
    double rate() {
      return bytes / 1e6 / (wallMillis / 1000);
    }
  }

  /** The runs of a floor over growing samples. */
  record Ladder(List<Step> steps) {
    /**
     * The finished run over the largest sample; if none finished, the timed-out run, whose rate
     * (sample ÷ timeout) is then an upper bound of the tool's throughput.
     */
    Step best() {
      Step best = null;
      for (Step s : steps) {
        if (s.finished() && (best == null || s.bytes() > best.bytes())) {
          best = s;
        }
      }
      return best != null || steps.isEmpty() ? best : steps.get(steps.size() - 1);
    }

    List<String> describe() {
      return steps.stream()
          .map(
              s ->
                  s.bytes()
                      + " B: "
                      + (s.finished()
                          ? Math.round(s.wallMillis())
                              + " ms wall, "
                              + Math.round(s.cpuMillis())
                              + " ms CPU"
                          : "timed out after " + Math.round(s.wallMillis()) + " ms"))
          .toList();
    }
  }

  /**
   * Runs {@code command} over the first 16 KB, 32 KB, ... of the corpus until a run takes longer
   * than {@code budget} (or times out at four times it), or the sample is the whole corpus.
   */
  static Ladder ladder(
      SecretsCorpus.Written corpus,
      Path work,
      Path scratch,
      Duration budget,
      java.util.function.Function<Path, List<String>> command)
      throws Exception {
    List<Step> steps = new ArrayList<>();
    byte[] all = concatenated(corpus, work);
    for (long size = SAMPLE_START; ; size *= 2) {
      long n = Math.min(size, all.length);
      // cut at a line end so that no line is split
      int cut = (int) n;
      while (cut < all.length && all[cut - 1] != '\n') {
        cut++;
      }
      Path sample = work.resolve("sample.txt");
      Files.write(sample, java.util.Arrays.copyOf(all, cut));
      Duration timeout = budget.multipliedBy(5);
      try {
        ProcessSampler.Sample s =
            ProcessSampler.run(command.apply(sample), Map.of("LC_ALL", "C"), scratch, timeout);
        if (s.exitCode() > 1) {
          throw new IOException(command.apply(sample).get(0) + " failed: exit " + s.exitCode());
        }
        steps.add(new Step(cut, s.wallMillis(), s.cpuMillis(), true));
        if (s.wallMillis() > budget.toMillis() || cut >= all.length) {
          break;
        }
      } catch (IOException e) {
        if (e.getMessage() == null || !e.getMessage().contains("did not finish")) {
          throw e;
        }
        steps.add(new Step(cut, timeout.toMillis(), Double.NaN, false));
        break;
      }
    }
    return new Ladder(steps);
  }

  private static byte[] concatenated(SecretsCorpus.Written corpus, Path work) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.stream.Stream<Path> files = Files.walk(corpus.root())) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.write(Files.readAllBytes(f));
        if (out.size() > 8L * 1024 * 1024) {
          break;
        }
      }
    }
    return out.toByteArray();
  }

  /** The analyzer as the sandbox runs it, secrets only. */
  static AnalyzerOutcome analyze(Path root) throws IOException {
    AnalyzerRequest request =
        AnalyzerRequest.builder(root, Salt.of(new byte[32]))
            .analyzers(Set.of(AnalyzerKind.SECRETS))
            .build();
    return new SecretsAnalyzer().analyze(RepositoryWalker.list(root), request);
  }

  /** Null if the findings are exactly the planted secrets; else what differs. */
  static String compare(List<SecretsCorpus.Planted> planted, List<SarifResult> results) {
    Set<String> expected = new HashSet<>();
    for (SecretsCorpus.Planted p : planted) {
      expected.add(p.ruleId() + " " + p.path() + ":" + p.line());
    }
    Set<String> found = new HashSet<>();
    for (SarifResult r : results) {
      int line = r.location().region() == null ? 0 : r.location().region().startLine();
      found.add(r.ruleId() + " " + r.location().relativePath() + ":" + line);
    }
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(found);
    Set<String> extra = new HashSet<>(found);
    extra.removeAll(expected);
    if (missing.isEmpty() && extra.isEmpty()) {
      return null;
    }
    return "findings differ from the "
        + planted.size()
        + " planted secrets: "
        + missing.size()
        + " missing, "
        + extra.size()
        + " unexpected"
        + (extra.isEmpty() ? "" : " (e.g. " + extra.iterator().next().split(" ")[0] + ")");
  }

  /** Rule id → Go pattern, for the rules the analyzer compiled (file order). */
  static Map<String, String> goPatterns(GitleaksConfig config) throws IOException {
    String toml;
    try (InputStream in =
        GitleaksConfig.class.getResourceAsStream(GitleaksConfig.DEFAULT_RESOURCE)) {
      toml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> compiled = new HashSet<>();
    for (SecretRule r : config.rules()) {
      if (r.regex() != null) {
        compiled.add(r.id());
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    Object rules = Toml.parse(toml).get("rules");
    if (rules instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m
            && m.get("id") instanceof String id
            && m.get("regex") instanceof String regex
            && !regex.isEmpty()
            && compiled.contains(id)) {
          out.putIfAbsent(id, regex);
        }
      }
    }
    return out;
  }

  /** Null if grep takes the pattern silently; else why not (its own message is not kept). */
  private static String grepRejects(String pattern, Path scratch) throws Exception {
    ProcessSampler.Sample s =
        ProcessSampler.run(
            List.of("grep", "-E", "-c", "-e", pattern, "/dev/null"),
            Map.of("LC_ALL", "C"),
            scratch,
            Duration.ofSeconds(30));
    if (s.exitCode() > 1) {
      return "grep -E rejects the translation";
    }
    if (!s.stderr().isBlank()) {
      return "grep -E warns on the translation";
    }
    return null;
  }

  /**
   * A Go pattern as ripgrep's Rust regex syntax reads it: the same syntax, except that a backslash
   * before punctuation that is not a metacharacter ({@code \"}, {@code \/}) is an error there.
   */
  static String toRustSyntax(String go) {
    String meta = "\\.+*?()|[]{}^$#&-~";
    StringBuilder b = new StringBuilder(go.length());
    for (int i = 0; i < go.length(); i++) {
      char c = go.charAt(i);
      if (c == '\\' && i + 1 < go.length()) {
        char d = go.charAt(i + 1);
        if (!Character.isLetterOrDigit(d) && meta.indexOf(d) < 0) {
          b.append(d);
        } else {
          b.append(c).append(d);
        }
        i++;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The sum of {@code path:count} lines. */
  static long sumCounts(String output) {
    long total = 0;
    for (String line : output.split("\n")) {
      int colon = line.lastIndexOf(':');
      if (colon > 0) {
        total += Long.parseLong(line.substring(colon + 1).strip());
      }
    }
    return total;
  }

  private static List<Double> rounded(List<Double> values) {
    return values.stream().map(v -> Math.round(v * 10) / 10.0).toList();
  }
}
