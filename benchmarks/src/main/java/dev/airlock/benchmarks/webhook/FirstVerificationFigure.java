package dev.airlock.benchmarks.webhook;

import dev.airlock.benchmarks.coldstart.launcher.FirstVerifyProbe;
import dev.airlock.benchmarks.harness.Figure;
import dev.airlock.benchmarks.harness.Jmh;
import dev.airlock.benchmarks.harness.Measurement;
import dev.airlock.benchmarks.harness.ProcessSampler;
import dev.airlock.benchmarks.harness.Result;
import dev.airlock.benchmarks.harness.RunContext;
import dev.airlock.benchmarks.harness.Stats;
import dev.airlock.benchmarks.harness.Target;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.openjdk.jmh.results.RunResult;

/**
 * Figure 3: the first {@code verify} in a fresh JVM with Lambda's default flags (C1 only), on the
 * webhook's deployment jar, ÷ the warm floor of figure 2 (JDK HMAC-SHA256, C2, same bytes) measured
 * in the same run. One row per body size and start-up variant: what the function does today, and
 * the candidates (Amazon Corretto Crypto Provider registered first; a priming verification at
 * start-up; both; C2 with priming).
 */
public final class FirstVerificationFigure implements Figure {
  /** Lambda's default for Java runtimes: tiered compilation stopped at C1. */
  public static final List<String> LAMBDA_FLAGS =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static final Pattern RESULT =
      Pattern.compile("RESULT verified=true initNanos=(\\d+) verifyNanos=(\\d+) provider=(\\S+)");

  /** A start-up variant: probe argument, JVM flags, whether it needs ACCP, and what it is. */
  record Variant(
      String label, String probeArg, List<String> flags, boolean accp, boolean shipped) {}

  /**
   * The first is the configuration chosen for production and the figure's row; the others are
   * reported in its details. "warm-up" is {@code WebhookCryptoWarmUp.warmUp} with its default
   * iterations, the routine the priming hook calls before the snapshot; with ACCP's jar on the
   * class path it takes ACCP's HMAC (for the webhook only). "key set up after restore" is what the
   * hook's {@code afterRestore} then does with the secrets it reads ({@code
   * SignatureWarmUp.prepare}); without it (a cold start outside SnapStart) the first request sets
   * up its secret's key itself.
   */
  static final List<Variant> VARIANTS =
      List.of(
          new Variant(
              "ACCP + warm-up + key set up after restore, C1",
              "warmup+restored",
              LAMBDA_FLAGS,
              true,
              true),
          new Variant("ACCP + warm-up, C1 (no restore hook)", "warmup", LAMBDA_FLAGS, true, false),
          new Variant("today: SunJCE, C1", "jdk", LAMBDA_FLAGS, false, false),
          new Variant("SunJCE + warm-up, C1", "warmup", LAMBDA_FLAGS, false, false),
          new Variant(
              "SunJCE + priming x100, C2",
              "primedx100",
              List.of("-XX:+UseSerialGC"),
              false,
              false));

  @Override
  public String id() {
    return "3";
  }

  @Override
  public String title() {
    return "Webhook verification, first invocation";
  }

  @Override
  public String floorDescription() {
    return "JDK HMAC-SHA256 over the same bytes, warm (figure 2's floor, re-measured in this run)";
  }

  @Override
  public Target target() {
    return Target.atMost(2);
  }

  @Override
  public List<Result> run(RunContext ctx) throws Exception {
    Path functionJar = ctx.repoRoot().resolve("functions/webhook/target/webhook-lambda.jar");
    Path launcher = ctx.repoRoot().resolve("benchmarks/target/lambda-launcher.jar");
    if (!Files.isRegularFile(functionJar) || !Files.isRegularFile(launcher)) {
      return List.of(
          Result.notMeasured(
              id(),
              title(),
              target(),
              "build first: ./mvnw -B -q -pl benchmarks -am package -DskipTests"));
    }
    Path accp = accpJar(ctx.repoRoot().resolve("benchmarks/target/lib"));
    // The deployment jar carries ACCP built for Lambda's architecture (arm64), whose native library
    // does not load here: every variant runs the same jar without it, and the ACCP variants add the
    // same ACCP version built for this machine.
    functionJar =
        withoutAccp(functionJar, ctx.workDir().resolve("webhook-lambda-without-accp.jar"));

    ctx.progress("figure 3: warm floor (JMH)");
    Collection<RunResult> floors =
        Jmh.averageTime(
            WebhookVerifyBenchmark.class, "jdkHmac", ctx, TimeUnit.MICROSECONDS, Map.of());

    List<Result> rows = new ArrayList<>();
    for (int size : Bodies.SIZES) {
      byte[] body = Bodies.json(size);
      Path file = ctx.workDir().resolve("body-" + size + ".json");
      Files.write(file, body);
      String signature = Bodies.githubSignature(body);
      double floorMicros =
          Jmh.medianScore(Jmh.find(floors, "jdkHmac", "size", Integer.toString(size)));

      Map<String, List<String>> commands = new LinkedHashMap<>();
      for (Variant v : VARIANTS) {
        if (v.accp() && accp == null) {
          continue;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessSampler.javaExecutable());
        cmd.addAll(v.flags());
        cmd.add("-cp");
        cmd.add(
            launcher
                + java.io.File.pathSeparator
                + (v.accp() ? accp + java.io.File.pathSeparator : "")
                + functionJar);
        cmd.add(FirstVerifyProbe.class.getName());
        cmd.add(v.probeArg());
        cmd.add(file.toString());
        cmd.add(signature);
        cmd.add(Bodies.TEST_SECRET);
        commands.put(v.label(), cmd);
      }
      ctx.progress(
          "figure 3: "
              + Bodies.label(size)
              + ", "
              + commands.size()
              + " variants x "
              + ctx.coldRuns()
              + " fresh JVMs");
      Map<String, List<ProcessSampler.Sample>> samples =
          ProcessSampler.compare(
              commands,
              Map.of(),
              "RESULT verified=true",
              ctx.coldRuns(),
              ctx.workDir(),
              Duration.ofMinutes(2));
      Result headline = null;
      Map<String, Object> alternatives = new LinkedHashMap<>();
      for (Variant v : VARIANTS) {
        List<ProcessSampler.Sample> s = samples.get(v.label());
        if (s == null) {
          if (v.shipped()) {
            headline =
                Result.notMeasured(
                    id(),
                    Bodies.label(size) + " · " + v.label(),
                    target(),
                    "AmazonCorrettoCryptoProvider jar not in benchmarks/target/lib");
          }
          continue;
        }
        List<Double> verify = new ArrayList<>();
        List<Double> init = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        String provider = "";
        for (ProcessSampler.Sample x : s) {
          Matcher m = RESULT.matcher(x.stdout());
          if (!m.find()) {
            throw new IOException("probe printed no result: " + x.stdout());
          }
          init.add(Long.parseLong(m.group(1)) / 1e6);
          verify.add(Long.parseLong(m.group(2)) / 1e3);
          provider = m.group(3);
          cpu.add(x.cpuMillis());
          wall.add(x.wallMillis());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("variant", v.label());
        details.put("probe", v.probeArg());
        details.put("jvmFlags", v.flags());
        details.put("provider", provider);
        details.put("runs", s.size());
        details.put("medianFirstVerifyMicros", round(Stats.median(verify)));
        details.put("ratio", round(Stats.median(verify) / floorMicros));
        details.put("medianStartupInitMillis", round(Stats.median(init)));
        details.put("medianProcessWallMillis", round(Stats.median(wall)));
        details.put("medianProcessCpuMillis", round(Stats.median(cpu)));
        details.put(
            "firstVerifyMicros", verify.stream().map(FirstVerificationFigure::round).toList());
        if (v.shipped()) {
          details.put("bodyBytes", size);
          details.put("alternatives", alternatives);
          headline =
              Result.measured(
                  id(),
                  Bodies.label(size) + " · " + v.label(),
                  new Measurement(Stats.median(verify), "µs (median)"),
                  new Measurement(floorMicros, "µs/op"),
                  target(),
                  null,
                  details);
        } else {
          alternatives.put(v.label(), details);
        }
      }
      rows.add(headline);
    }
    return rows;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** ACCP's package and its provider registration: what {@link #withoutAccp} leaves out. */
  static boolean isAccpEntry(String name) {
    return name.startsWith("com/amazon/corretto/crypto/")
        || name.equals("META-INF/services/java.security.Provider");
  }

  /** Copies {@code jar} to {@code out} without ACCP's entries ({@link #isAccpEntry}). */
  static Path withoutAccp(Path jar, Path out) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (isAccpEntry(e.getName())) {
          continue;
        }
        zip.putNextEntry(new ZipEntry(e.getName()));
        in.transferTo(zip);
        zip.closeEntry();
      }
    }
    return out;
  }

  private static Path accpJar(Path lib) throws IOException {
    if (!Files.isDirectory(lib)) {
      return null;
    }
    try (DirectoryStream<Path> s =
        Files.newDirectoryStream(lib, "AmazonCorrettoCryptoProvider-*.jar")) {
      for (Path p : s) {
        return p;
      }
    }
    return null;
  }
}
