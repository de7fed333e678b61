package dev.airlock.benchmarks.coldstart;

import dev.airlock.benchmarks.coldstart.launcher.LambdaLauncher;
import dev.airlock.benchmarks.floor.PlainSdkHandler;
import dev.airlock.benchmarks.harness.Figure;
import dev.airlock.benchmarks.harness.Measurement;
import dev.airlock.benchmarks.harness.ProcessSampler;
import dev.airlock.benchmarks.harness.Result;
import dev.airlock.benchmarks.harness.RunContext;
import dev.airlock.benchmarks.harness.Stats;
import dev.airlock.benchmarks.harness.Target;
import dev.airlock.benchmarks.webhook.Bodies;
import dev.airlock.benchmarks.webhook.FirstVerificationFigure;
import dev.airlock.benchmarks.webhook.WebhookFixtures;
import dev.airlock.core.state.StateKeys;
import dev.airlock.emulators.stack.LocalAwsStack;
import dev.airlock.emulators.stack.LocalAwsStackConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figure 1: a fresh JVM with Lambda's default flags → the function's handler constructed from its
 * deployment jar → one sample event from {@code events/} handled against the local stand-ins
 * (S3Mock, ElasticMQ), ÷ {@link PlainSdkHandler} making the same AWS calls from its own shaded jar,
 * same JDK, flags, launcher and environment. Runs alternate (function, floor, function, …); the
 * medians of wall and CPU time are compared.
 *
 * <p>Only the webhook exists in this checkout; the other functions are listed as not measured until
 * they land.
 */
public final class ColdStartFigure implements Figure {
  private static final Pattern RESULT =
      Pattern.compile("RESULT status=(\\d+) initNanos=(\\d+) invokeNanos=(\\d+)");

  /** A function of the template with a sample event whose handling needs the local stand-ins. */
  record Function(String name, String jar, String handler, String event) {}

  static final List<Function> FUNCTIONS =
      List.of(
          new Function(
              "webhook",
              "functions/webhook/target/webhook-lambda.jar",
              "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction",
              "events/webhook/github-pull-request-opened.json"));

  static final List<String> NOT_YET =
      List.of("analyze", "billing-webhook", "backup", "restore-drill", "accounts");

  @Override
  public String id() {
    return "1";
  }

  @Override
  public String title() {
    return "Cold start of each function";
  }

  @Override
  public String floorDescription() {
    return "a plain AWS SDK v2 handler (no framework) making the same AWS calls (S3 GetObject + SQS"
        + " SendMessage), its own shaded jar, same JDK, flags, launcher and environment";
  }

  @Override
  public Target target() {
    return Target.atMost(1.5);
  }

  @Override
  public List<Result> run(RunContext ctx) throws Exception {
    Path root = ctx.repoRoot();
    Path launcher = root.resolve("benchmarks/target/lambda-launcher.jar");
    Path floorJar = root.resolve("benchmarks/target/floor-lambda.jar");
    Path serialization =
        find(root.resolve("benchmarks/target/lib"), "aws-lambda-java-serialization-*.jar");
    Path s3mock = root.resolve("infra/local/target/s3mock/s3mock-exec.jar");
    List<Result> rows = new ArrayList<>();
    if (!Files.isRegularFile(launcher)
        || !Files.isRegularFile(floorJar)
        || serialization == null
        || !Files.isRegularFile(s3mock)) {
      rows.add(
          Result.notMeasured(
              id(),
              title(),
              target(),
              "build first: ./mvnw -B -q -pl benchmarks -am package -DskipTests"));
      return rows;
    }
    System.setProperty("airlock.s3mock.jar", s3mock.toString());
    ctx.progress("figure 1: starting the local AWS stand-ins");
    try (LocalAwsStack aws =
        LocalAwsStack.start(LocalAwsStackConfig.defaults(ctx.workDir().resolve("aws"), false))) {
      WebhookFixtures.seedInstallation(aws);
      List<String> props = new ArrayList<>();
      aws.functionProperties()
          .forEach(
              (k, v) -> {
                // Credentials come from the environment, as in Lambda, for the function and the
                // floor alike.
                if (!k.equals("aws.accessKeyId") && !k.equals("aws.secretKey")) {
                  props.add("-D" + k + "=" + v);
                }
              });
      props.add("-Dairlock.webhook.queue-url=" + aws.queueUrl("AnalysisQueue"));
      props.add(
          "-Dbenchmarks.floor.key="
              + StateKeys.githubInstallation(WebhookFixtures.INSTALLATION_ID));
      Map<String, String> env = new LinkedHashMap<>();
      env.put("AWS_ACCESS_KEY_ID", "airlock-local");
      env.put("AWS_SECRET_ACCESS_KEY", "airlock-local");
      env.put("AWS_REGION", aws.region());
      env.put("GITHUB_WEBHOOK_SECRET", Bodies.TEST_SECRET);

      for (Function f : FUNCTIONS) {
        Path jar = root.resolve(f.jar());
        if (!Files.isRegularFile(jar)) {
          rows.add(Result.notMeasured(id(), f.name(), target(), f.jar() + " not built"));
          continue;
        }
        Path event = root.resolve(f.event());
        List<String> fnCmd = command(props, launcher, serialization, jar, f.handler(), event);
        List<String> floorCmd =
            command(
                props, launcher, serialization, floorJar, PlainSdkHandler.class.getName(), event);
        rows.addAll(compare(ctx, f, jar, floorJar, env, fnCmd, floorCmd, ""));
        // The same comparison with an AppCDS archive each (a training run dumps the classes it
        // loaded): what class-data sharing would buy where the deployment can ship an archive.
        Path fnJsa = ctx.workDir().resolve(f.name() + ".jsa");
        Path floorJsa = ctx.workDir().resolve("floor.jsa");
        ctx.progress("figure 1: AppCDS training runs");
        train(ctx, env, withFlag(fnCmd, "-XX:ArchiveClassesAtExit=" + fnJsa));
        train(ctx, env, withFlag(floorCmd, "-XX:ArchiveClassesAtExit=" + floorJsa));
        rows.addAll(
            compare(
                ctx,
                f,
                jar,
                floorJar,
                env,
                withFlag(fnCmd, "-XX:SharedArchiveFile=" + fnJsa),
                withFlag(floorCmd, "-XX:SharedArchiveFile=" + floorJsa),
                ", AppCDS"));
      }
    }
    for (String name : NOT_YET) {
      rows.add(
          Result.notMeasured(
              id(), name, target(), "the " + name + " function has not landed in main"));
    }
    return rows;
  }

  private List<Result> compare(
      RunContext ctx,
      Function f,
      Path jar,
      Path floorJar,
      Map<String, String> env,
      List<String> fnCmd,
      List<String> floorCmd,
      String suffix)
      throws IOException, InterruptedException {
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put(f.name(), fnCmd);
    variants.put("floor", floorCmd);
    ctx.progress(
        "figure 1: " + f.name() + suffix + " vs floor, " + ctx.coldRuns() + " fresh JVMs each");
    Map<String, List<ProcessSampler.Sample>> samples =
        ProcessSampler.compare(
            variants,
            env,
            "RESULT status=202",
            ctx.coldRuns(),
            ctx.workDir(),
            Duration.ofMinutes(3));
    Summary fn = summarize(samples.get(f.name()));
    Summary floor = summarize(samples.get("floor"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("event", f.event());
    details.put("handler", f.handler());
    details.put(
        "jvmFlags",
        fnCmd.subList(1, fnCmd.indexOf("-cp")).stream().filter(a -> !a.startsWith("-D")).toList());
    details.put("runs", ctx.coldRuns());
    details.put("functionJarBytes", Files.size(jar));
    details.put("floorJarBytes", Files.size(floorJar));
    details.put("functionMedianInitMillis", fn.init());
    details.put("functionMedianInvokeMillis", fn.invoke());
    details.put("floorMedianInitMillis", floor.init());
    details.put("floorMedianInvokeMillis", floor.invoke());
    details.put("functionMedianCpuMillis", fn.cpu());
    details.put("floorMedianCpuMillis", floor.cpu());
    details.put("functionMedianWallMillis", fn.wall());
    details.put("floorMedianWallMillis", floor.wall());
    return List.of(
        Result.measured(
            id(),
            f.name() + suffix + " · wall",
            new Measurement(fn.wall(), "ms (median)"),
            new Measurement(floor.wall(), "ms (median)"),
            target(),
            null,
            details),
        Result.measured(
            id(),
            f.name() + suffix + " · CPU",
            new Measurement(fn.cpu(), "ms (median)"),
            new Measurement(floor.cpu(), "ms (median)"),
            target(),
            null,
            details));
  }

  private static void train(RunContext ctx, Map<String, String> env, List<String> cmd)
      throws IOException, InterruptedException {
    ProcessSampler.Sample s = ProcessSampler.run(cmd, env, ctx.workDir(), Duration.ofMinutes(3));
    if (s.exitCode() != 0 || !s.stdout().contains("RESULT status=202")) {
      throw new IOException("AppCDS training run failed: " + s.stderr());
    }
  }

  /** {@code cmd} with {@code flag} right after the java executable. */
  static List<String> withFlag(List<String> cmd, String flag) {
    List<String> out = new ArrayList<>(cmd);
    out.add(1, flag);
    return out;
  }

  record Summary(double wall, double cpu, double init, double invoke) {}

  static Summary summarize(List<ProcessSampler.Sample> samples) throws IOException {
    List<Double> wall = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    List<Double> init = new ArrayList<>();
    List<Double> invoke = new ArrayList<>();
    for (ProcessSampler.Sample s : samples) {
      Matcher m = RESULT.matcher(s.stdout());
      if (!m.find()) {
        throw new IOException("launcher printed no result");
      }
      wall.add(s.wallMillis());
      cpu.add(s.cpuMillis());
      init.add(Long.parseLong(m.group(2)) / 1e6);
      invoke.add(Long.parseLong(m.group(3)) / 1e6);
    }
    return new Summary(
        r(Stats.median(wall)),
        r(Stats.median(cpu)),
        r(Stats.median(init)),
        r(Stats.median(invoke)));
  }

  private static double r(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static List<String> command(
      List<String> props, Path launcher, Path serialization, Path jar, String handler, Path event) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessSampler.javaExecutable());
    cmd.addAll(FirstVerificationFigure.LAMBDA_FLAGS);
    cmd.addAll(props);
    cmd.add("-cp");
    cmd.add(launcher + File.pathSeparator + serialization + File.pathSeparator + jar);
    cmd.add(LambdaLauncher.class.getName());
    cmd.add(handler);
    cmd.add(event.toString());
    return cmd;
  }

  static Path find(Path dir, String glob) throws IOException {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
      for (Path p : s) {
        return p;
      }
    }
    return null;
  }
}
