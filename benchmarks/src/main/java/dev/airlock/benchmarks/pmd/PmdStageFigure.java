package dev.airlock.benchmarks.pmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.analyze.adapter.process.ProcessSandbox;
import dev.airlock.analyze.adapter.process.SandboxSettings;
import dev.airlock.analyze.domain.AnalyzerInvocation;
import dev.airlock.analyze.domain.AnalyzerRun;
import dev.airlock.analyze.domain.Caps;
import dev.airlock.analyze.domain.Workspace;
import dev.airlock.benchmarks.harness.Figure;
import dev.airlock.benchmarks.harness.Measurement;
import dev.airlock.benchmarks.harness.ProcessSampler;
import dev.airlock.benchmarks.harness.Result;
import dev.airlock.benchmarks.harness.RunContext;
import dev.airlock.benchmarks.harness.Stats;
import dev.airlock.benchmarks.harness.Target;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Figure 7: the PMD stage exactly as the analyze function runs it — {@link ProcessSandbox} (the
 * function's own adapter: fresh workspace, salt file, hand-over to the job's user, isolation
 * wrapper, cleared environment, child JVM with the function's flags on the analyzers' shaded jar,
 * output read back through a directory handle) with the PMD analyzer only, analyze's default caps
 * and one PMD thread — over a generated Java corpus, against PMD's own CLI ({@code PmdCli check})
 * on the same files, ruleset, thread count, output format (SARIF) and JVM flags, in a fresh JVM
 * too. The floor's class path is PMD's CLI front end ({@code target/pmd-cli/}) beside the same
 * analyzers jar, so both sides load the very same pmd-core and pmd-java.
 *
 * <p>Second row: a push that touches 1% of the files. Analyze writes and analyzes only the files
 * that changed since the commit's parent was analyzed (its README, "Incremental analysis"); the row
 * is that stage over the touched files ÷ the full stage measured above, target ≤ 0.1×.
 */
public final class PmdStageFigure implements Figure {

  static final String RULESET = "rulesets/java/quickstart.xml";
  static final String MAIN = "dev.airlock.analyzers.AnalyzerMain";
  static final String PMD_CLI_MAIN = "net.sourceforge.pmd.cli.PmdCli";

  /** The flags {@link ProcessSandbox} gives the analyzer JVM; the floor gets the same. */
  static final List<String> CHILD_FLAGS =
      List.of(
          "-Xmx1024m",
          "-XX:+UseSerialGC",
          "-XX:-UsePerfData",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.awt.headless=true",
          "-Dfile.encoding=UTF-8");

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String id() {
    return "7";
  }

  @Override
  public String title() {
    return "PMD stage in the sandbox";
  }

  @Override
  public String floorDescription() {
    return "PMD's own CLI (pmd-cli `check`, fresh JVM) on the same files, ruleset, threads, SARIF"
        + " output and JVM flags; incremental row: the full stage of the same run";
  }

  @Override
  public Target target() {
    return Target.atMost(1.1);
  }

  @Override
  public List<Result> run(RunContext ctx) throws Exception {
    Path root = ctx.repoRoot();
    Path analyzersJar = root.resolve("functions/analyzers/target/analyzers.jar");
    Path cliDir = root.resolve("benchmarks/target/pmd-cli");
    if (!Files.isRegularFile(analyzersJar) || !Files.isDirectory(cliDir)) {
      return List.of(
          Result.notMeasured(
              id(),
              title(),
              target(),
              "build first: ./mvnw -B -q -pl benchmarks -am package -DskipTests"));
    }
    int files = Integer.getInteger("benchmarks.pmd.files", ctx.quick() ? 300 : 1500);
    // A full run costs about a minute of CPU (ten minutes of wall time on a 2-core machine at load
    // 28): three alternating pairs after a discarded one by default; --runs 1 or 2 measures that
    // many pairs without the discarded one (the corpus has just been written: it is in the page
    // cache already).
    int runs = ctx.quick() ? 2 : Math.min(ctx.coldRuns(), 3);
    int warmups = runs >= 3 ? 1 : 0;

    // Analyzer processes may run as another user (namespaces+uid): like analyze's bundled jar,
    // the jar and the sandboxes live in a world-traversable directory of the temporary space.
    Path shared = Files.createTempDirectory("airlock-bench-pmd-");
    try {
      Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path jar = shared.resolve("analyzers.jar");
      Files.copy(analyzersJar, jar, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
      Path base = Files.createDirectory(shared.resolve("sbx"));
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
      return measure(ctx, jar, cliDir, base, files, runs, warmups);
    } finally {
      deleteTree(shared);
    }
  }

  private List<Result> measure(
      RunContext ctx, Path jar, Path cliDir, Path base, int fileCount, int runs, int warmups)
      throws Exception {
    Path corpus = ctx.workDir().resolve("pmd-corpus");
    ctx.progress("figure 7: generating " + fileCount + " Java files");
    List<String> files = JavaCorpus.write(corpus, fileCount, JavaCorpus.SEED);
    long corpusBytes = 0;
    for (String f : files) {
      corpusBytes += Files.size(corpus.resolve(f));
    }

    // What analyze deploys by default; -Dbenchmarks.pmd.smallJobFiles=N tries another threshold
    // (0: full tiered JIT for every job), for finding where C1 alone stops paying.
    int smallJobFiles =
        Integer.getInteger("benchmarks.pmd.smallJobFiles", SandboxSettings.DEFAULT_SMALL_JOB_FILES);
    ProcessSandbox sandbox = sandbox(base, jar, smallJobFiles, true);
    Caps caps = Caps.defaults();
    byte[] salt = new byte[32];
    new Random(1).nextBytes(salt);
    AnalyzerInvocation invocation =
        new AnalyzerInvocation(
            List.of("pmd"),
            caps.maxFileBytes(),
            caps.maxResultsPerRun(),
            caps.maxSarifGzipBytes(),
            Duration.ofMinutes(30),
            salt);

    List<String> floorCmd = new ArrayList<>();
    floorCmd.add(ProcessSampler.javaExecutable());
    floorCmd.addAll(CHILD_FLAGS);
    floorCmd.add("-cp");
    floorCmd.add(floorClasspath(jar, cliDir));
    floorCmd.add(PMD_CLI_MAIN);
    Path floorOut = ctx.workDir().resolve("floor.sarif");
    floorCmd.addAll(
        List.of(
            "check",
            "--no-cache",
            "--no-progress",
            "--no-fail-on-violation",
            "--no-fail-on-error",
            "--threads",
            "1",
            "--encoding",
            "UTF-8",
            "--rulesets",
            RULESET,
            "--format",
            "sarif",
            "--report-file",
            floorOut.toString(),
            "--dir",
            corpus.toString()));

    // As analyze does once per container (in the background, after its first job): the class
    // archive from a training run over the synthetic corpus. Its one-time cost is in details.
    ctx.progress("figure 7: building the analyzer JVM's class archive");
    long archiveCpu0 = ProcessSampler.childrenCpuTicks();
    long archiveT0 = System.nanoTime();
    boolean archived = sandbox.prepareClassArchive(List.of("pmd"));
    double archiveWall = (System.nanoTime() - archiveT0) / 1e6;
    long archiveCpu1 = ProcessSampler.childrenCpuTicks();
    double archiveCpu =
        archiveCpu0 < 0 || archiveCpu1 < 0 ? Double.NaN : (archiveCpu1 - archiveCpu0) * 10.0;
    long archiveBytes =
        sandbox.classArchive().isPresent() ? Files.size(sandbox.classArchive().get()) : 0;
    ctx.progress(
        "figure 7: full stage vs PMD CLI, "
            + runs
            + " runs each (+"
            + warmups
            + " discarded), isolation "
            + sandbox.isolation());
    List<Double> stageWall = new ArrayList<>();
    List<Double> stageCpu = new ArrayList<>();
    List<Double> floorWall = new ArrayList<>();
    List<Double> floorCpu = new ArrayList<>();
    long stageResults = -1;
    long floorResults = -1;
    for (int i = -warmups; i < runs; i++) {
      StageRun s = stage(sandbox, invocation, corpus, files);
      Files.deleteIfExists(floorOut);
      ProcessSampler.Sample f =
          ProcessSampler.run(floorCmd, Map.of(), ctx.workDir(), Duration.ofMinutes(30));
      if (f.exitCode() != 0 || !Files.isRegularFile(floorOut)) {
        throw new IOException(
            "PMD CLI failed (exit " + f.exitCode() + "): " + tail(f.stdout() + f.stderr()));
      }
      stageResults = s.results();
      floorResults = sarifResults(Files.readAllBytes(floorOut));
      ctx.progress(
          String.format(
              java.util.Locale.ROOT,
              "figure 7: run %d: stage %.0f ms (cpu %.0f), CLI %.0f ms (cpu %.0f)",
              i,
              s.wallMillis(),
              s.cpuMillis(),
              f.wallMillis(),
              f.cpuMillis()));
      if (i >= 0) {
        stageWall.add(s.wallMillis());
        stageCpu.add(s.cpuMillis());
        floorWall.add(f.wallMillis());
        floorCpu.add(f.cpuMillis());
      }
    }

    // A push touching 1% of the files: those files, rewritten, are all the stage gets.
    List<String> touched = new ArrayList<>(files);
    Collections.shuffle(touched, new Random(JavaCorpus.SEED));
    touched = List.copyOf(touched.subList(0, Math.max(1, fileCount / 100)));
    Path head = ctx.workDir().resolve("pmd-head");
    for (String f : touched) {
      Path to = head.resolve(f);
      Files.createDirectories(to.getParent());
      Files.copy(corpus.resolve(f), to);
      JavaCorpus.touch(head, f, JavaCorpus.SEED, 1);
    }
    ctx.progress("figure 7: incremental stage over " + touched.size() + " changed files");
    List<Double> incWall = new ArrayList<>();
    List<Double> incCpu = new ArrayList<>();
    long incResults = -1;
    byte[] incSarif = null;
    for (int i = -warmups; i < runs; i++) {
      StageRun s = stage(sandbox, invocation, head, touched);
      incResults = s.results();
      incSarif = s.sarif();
      if (i >= 0) {
        incWall.add(s.wallMillis());
        incCpu.add(s.cpuMillis());
      }
    }
    // Same findings as a large job's JVM would give (full tiered JIT, no class archive): the
    // small-job flags must not change a single byte of the log.
    ProcessSandbox reference = sandbox(base, jar, 0, false);
    StageRun ref = stage(reference, invocation, head, touched);
    String sameFindings =
        java.util.Arrays.equals(ref.sarif(), incSarif)
            ? null
            : "the small-job analyzer JVM's log ("
                + incResults
                + " results) differs from the large-job JVM's ("
                + ref.results()
                + " results) over the same files";

    double sw = r(Stats.median(stageWall));
    double sc = r(Stats.median(stageCpu));
    double fw = r(Stats.median(floorWall));
    double fc = r(Stats.median(floorCpu));
    double iw = r(Stats.median(incWall));
    double ic = r(Stats.median(incCpu));

    Map<String, Object> details = new LinkedHashMap<>();
    details.put("files", fileCount);
    details.put("corpusBytes", corpusBytes);
    details.put("corpusSeed", JavaCorpus.SEED);
    details.put("ruleset", RULESET);
    details.put("pmdThreads", 1);
    details.put("isolation", sandbox.isolation());
    details.put("childJvmFlags", CHILD_FLAGS);
    details.put(
        "stageJitFlags",
        "full tiered above "
            + smallJobFiles
            + " files, -XX:TieredStopAtLevel=1 up to it, plus -XX:C1MaxInlineSize=15 up to "
            + "100 files");
    details.put("classArchive", archived);
    details.put("classArchiveBytes", archiveBytes);
    details.put("classArchiveBuildWallMillis", r(archiveWall));
    details.put("classArchiveBuildCpuMillis", r(archiveCpu));
    details.put("runs", runs);
    details.put("discardedRuns", warmups);
    details.put("stageResults", stageResults);
    details.put("floorResults", floorResults);
    details.put("stageMedianWallMillis", sw);
    details.put("floorMedianWallMillis", fw);
    details.put("stageMedianCpuMillis", sc);
    details.put("floorMedianCpuMillis", fc);
    details.put("stageWallSamples", stageWall);
    details.put("floorWallSamples", floorWall);
    details.put("stageCpuSamples", stageCpu);
    details.put("floorCpuSamples", floorCpu);
    String sameWork =
        stageResults == floorResults
            ? null
            : "the stage reported "
                + stageResults
                + " results, PMD's CLI "
                + floorResults
                + ": not the same work";

    Map<String, Object> inc = new LinkedHashMap<>();
    inc.put("files", fileCount);
    inc.put("touchedFiles", touched.size());
    inc.put("incrementalResults", incResults);
    inc.put("referenceResults", ref.results());
    inc.put("referenceCpuMillis", r(ref.cpuMillis()));
    inc.put("referenceJvm", "full tiered JIT, no class archive (what a large job gets)");
    inc.put(
        "smallJobJvm",
        "-XX:TieredStopAtLevel=1 -XX:C1MaxInlineSize=15 (up to 100 files) and the class archive");
    inc.put("incrementalMedianWallMillis", iw);
    inc.put("incrementalMedianCpuMillis", ic);
    inc.put("fullMedianWallMillis", sw);
    inc.put("fullMedianCpuMillis", sc);
    inc.put("incrementalWallSamples", incWall);
    inc.put("incrementalCpuSamples", incCpu);
    inc.put(
        "design",
        "analyze writes and analyzes only files added or changed since the first parent's"
            + " analysis and carries the parent's results for unchanged files forward; nothing"
            + " but the already-stored, sanitized SARIF is read back");

    return List.of(
        Result.measured(
            id(),
            "full · " + fileCount + " files · wall",
            new Measurement(sw, "ms (median)"),
            new Measurement(fw, "ms (median)"),
            target(),
            sameWork,
            details),
        Result.measured(
            id(),
            "full · " + fileCount + " files · CPU",
            new Measurement(sc, "ms (median)"),
            new Measurement(fc, "ms (median)"),
            target(),
            sameWork,
            details),
        Result.measured(
            id(),
            "push touching 1% (" + touched.size() + " files) ÷ full stage · wall",
            new Measurement(iw, "ms (median)"),
            new Measurement(sw, "ms (median, full stage)"),
            Target.atMost(0.1),
            sameFindings,
            inc),
        Result.measured(
            id(),
            "push touching 1% (" + touched.size() + " files) ÷ full stage · CPU",
            new Measurement(ic, "ms (median)"),
            new Measurement(sc, "ms (median, full stage)"),
            Target.atMost(0.1),
            sameFindings,
            inc));
  }

  /** One stage run, as analyze runs it: a fresh workspace holding {@code files}, then the child. */
  record StageRun(double wallMillis, double cpuMillis, long results, byte[] sarif) {}

  static StageRun stage(
      ProcessSandbox sandbox, AnalyzerInvocation invocation, Path from, List<String> files)
      throws IOException {
    Workspace ws = sandbox.create("bench-pmd");
    try {
      for (String f : files) {
        Path to = ws.sourceDir().resolve(f);
        Files.createDirectories(to.getParent());
        Files.copy(from.resolve(f), to);
      }
      long cpu0 = ProcessSampler.childrenCpuTicks();
      long t0 = System.nanoTime();
      AnalyzerRun run = sandbox.run(ws, invocation);
      double wall = (System.nanoTime() - t0) / 1e6;
      long cpu1 = ProcessSampler.childrenCpuTicks();
      if (run.timedOut() || run.exitCode() != 0 || run.sarif() == null) {
        throw new IOException(
            "the PMD stage failed: exit "
                + run.exitCode()
                + ", timed out "
                + run.timedOut()
                + ", stderr bytes "
                + run.stderrBytes());
      }
      double cpu = cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) * 10.0;
      return new StageRun(wall, cpu, sarifResults(run.sarif()), run.sarif());
    } finally {
      sandbox.purge(ws);
    }
  }

  static long sarifResults(byte[] sarif) throws IOException {
    JsonNode log = JSON.readTree(sarif);
    long n = 0;
    for (JsonNode run : log.path("runs")) {
      n += run.path("results").size();
    }
    return n;
  }

  static String floorClasspath(Path analyzersJar, Path cliDir) throws IOException {
    List<String> cp = new ArrayList<>();
    cp.add(analyzersJar.toString());
    try (DirectoryStream<Path> s = Files.newDirectoryStream(cliDir, "*.jar")) {
      for (Path p : s) {
        cp.add(p.toString());
      }
    }
    Collections.sort(cp.subList(1, cp.size()));
    return String.join(File.pathSeparator, cp);
  }

  private static double r(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String tail(String s) {
    return s.length() <= 1500 ? s : s.substring(s.length() - 1500);
  }

  private static void deleteTree(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // scratch space: best effort
                }
              });
    } catch (IOException ignored) {
      // already gone
    }
  }

  /**
   * The sandbox as analyze configures it by default (1 GiB heap, automatic isolation, its output
   * and time caps), with the given small-job threshold and class archive setting.
   */
  private static ProcessSandbox sandbox(
      Path base, Path jar, int smallJobFiles, boolean classArchive) {
    return new ProcessSandbox(
        new SandboxSettings(
            base,
            Path.of(ProcessSampler.javaExecutable()),
            jar.toString(),
            MAIN,
            1024,
            "auto",
            200_000,
            60_000,
            64L * 1024 * 1024,
            List.of(),
            smallJobFiles,
            classArchive));
  }
}
