package dev.airlock.benchmarks.coldstart;

import dev.airlock.benchmarks.coldstart.launcher.CallTracer;
import dev.airlock.benchmarks.coldstart.launcher.LambdaLauncher;
import dev.airlock.benchmarks.floor.PlainSdkHandler;
import dev.airlock.benchmarks.floor.PlainSdkMapHandler;
import dev.airlock.benchmarks.floor.PlainSdkScheduledHandler;
import dev.airlock.benchmarks.floor.PlainSdkSqsHandler;
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
import dev.airlock.core.message.Provider;
import dev.airlock.core.state.StateKeys;
import dev.airlock.emulators.replication.ReplicationStandIn;
import dev.airlock.emulators.stack.LocalAwsStack;
import dev.airlock.emulators.stack.LocalAwsStackConfig;
import dev.airlock.emulators.stack.LocalResources;
import dev.airlock.webhook.domain.EnrollmentService;
import io.micronaut.context.ApplicationContext;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Figure 1: for every function of the template, a fresh JVM with Lambda's default flags → the
 * function's handler constructed from its deployment jar → one sample event from {@code events/}
 * handled against the local stand-ins (S3Mock, ElasticMQ, local KMS), ÷ a plain SDK v2 handler
 * ({@code floor/PlainSdk*Handler}) taking the same event type and making the same AWS calls (the
 * ones a tracing run shows the function making, listed in each row's details) from its own shaded
 * jar, same JDK, flags, launcher and environment. Runs alternate (function, floor, function, …);
 * the medians of wall and CPU time are compared, without and with an AppCDS archive each.
 */
public final class ColdStartFigure implements Figure {
  private static final Pattern RESULT =
      Pattern.compile("RESULT status=(\\S+) initNanos=(\\d+) invokeNanos=(\\d+)");
  private static final Pattern AWS_CALL = Pattern.compile("(?m)^AWSCALL (\\S+) (\\S+)$");
  private static final Pattern AWS_TIME =
      Pattern.compile("(?m)^AWSTIME (\\S+) (\\S+) (\\d+) (\\d+)$");

  /** The billing sample events are signed with this TEST secret (events/billing/README.md). */
  static final String STRIPE_TEST_SECRET = "whsec_test_airlock_events_not_a_real_secret";

  /** The account of events/accounts/delete-account.json; each run deletes a fresh sibling. */
  static final String DELETED_ACCOUNT = "github-1234567";

  /**
   * A function of the template with a sample event whose handling needs the local stand-ins.
   *
   * @param expect what the launcher must print for the run to count (the event was handled)
   */
  record Function(
      String name, String jar, String handler, String event, String floorHandler, String expect) {}

  static final List<Function> FUNCTIONS =
      List.of(
          new Function(
              "webhook",
              "functions/webhook/target/webhook-lambda.jar",
              "dev.airlock.webhook.WebhookFunction",
              "events/webhook/github-pull-request-opened.json",
              PlainSdkHandler.class.getName(),
              "RESULT status=202"),
          new Function(
              "billing-webhook",
              "functions/billing/target/billing-lambda.jar",
              "dev.airlock.billing.BillingWebhookFunction",
              "events/billing/customer-subscription-created.json",
              PlainSdkHandler.class.getName(),
              "RESULT status=200"),
          new Function(
              "analyze",
              "functions/analyze/target/analyze-lambda.jar",
              "dev.airlock.analyze.AnalyzeHandler",
              "events/analyze/github-pull-request-job.json",
              PlainSdkSqsHandler.class.getName(),
              "RESULT status=ok"),
          new Function(
              "backup",
              "functions/backup/target/backup-lambda.jar",
              "dev.airlock.backup.BackupHandler",
              "events/backup/scheduled-event.json",
              PlainSdkScheduledHandler.class.getName(),
              "RESULT status=ok"),
          new Function(
              "restore-drill",
              "functions/backup/target/backup-lambda.jar",
              "dev.airlock.backup.RestoreDrillHandler",
              "events/restore-drill/scheduled-event.json",
              PlainSdkScheduledHandler.class.getName(),
              "RESULT status=ok"),
          new Function(
              "accounts",
              "functions/accounts/target/accounts-lambda.jar",
              "dev.airlock.accounts.AccountDeletionHandler",
              "events/accounts/delete-account.json",
              PlainSdkMapHandler.class.getName(),
              "RESULT status=ok"));

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
    return "per function, a plain AWS SDK v2 handler (no framework) taking the same event type and"
        + " making the same AWS calls, its own shaded jar, same JDK, flags, launcher and"
        + " environment";
  }

  @Override
  public Target target() {
    return Target.atMost(1.5);
  }

  /** What one function's runs need besides its jar: configuration, the floor's calls, state. */
  record Setup(
      List<String> props,
      Map<String, String> env,
      String floorCalls,
      Path event,
      ProcessSampler.BeforeRun beforeRun) {}

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
              id(), title(), target(), "build first: bash benchmarks/run.sh (it builds the jars)"));
      return rows;
    }
    System.setProperty("airlock.s3mock.jar", s3mock.toString());
    Path tracer = writeTracer(ctx.workDir().resolve("tracer"));
    ctx.progress("figure 1: starting the local AWS stand-ins");
    try (LocalAwsStack aws =
            LocalAwsStack.start(LocalAwsStackConfig.defaults(ctx.workDir().resolve("aws"), false));
        ReplicationStandIn replication =
            ReplicationStandIn.start(
                ReplicationStandIn.Config.of(
                        aws.s3(),
                        LocalResources.BACKUP_BUCKET.name(),
                        aws.s3Replica(),
                        LocalResources.REPLICA_BACKUP_BUCKET.name())
                    .withPollInterval(Duration.ofMillis(100))
                    .withReplicaSseKmsKeyId(aws.keyId(LocalResources.BACKUP_KEY.logicalId())))) {
      WebhookFixtures.seedInstallation(aws);
      List<String> only = only();
      for (Function f : FUNCTIONS) {
        if (!only.isEmpty() && !only.contains(f.name())) {
          continue;
        }
        Path jar = root.resolve(f.jar());
        if (!Files.isRegularFile(jar)) {
          rows.add(Result.notMeasured(id(), f.name(), target(), f.jar() + " not built"));
          continue;
        }
        try {
          rows.addAll(measure(ctx, f, jar, aws, launcher, serialization, floorJar, tracer));
        } catch (IOException e) {
          // One function that cannot be measured must not hide the others' rows.
          rows.add(Result.notMeasured(id(), f.name(), target(), e.getMessage()));
        }
      }
    }
    return rows;
  }

  private List<Result> measure(
      RunContext ctx,
      Function f,
      Path jar,
      LocalAwsStack aws,
      Path launcher,
      Path serialization,
      Path floorJar,
      Path tracer)
      throws IOException, InterruptedException {
    List<Result> rows = new ArrayList<>();
    Path root = ctx.repoRoot();
    Setup setup = setup(f, aws, ctx.workDir(), root);
    List<String> fnCmd =
        childFlags(
            command(setup.props(), launcher, serialization, jar, f.handler(), setup.event()));
    List<String> floorProps = new ArrayList<>(setup.props());
    floorProps.add("-Dbenchmarks.floor.calls=" + setup.floorCalls());
    String status = f.expect().replaceAll("\\D", "");
    if (!status.isEmpty()) {
      floorProps.add("-Dbenchmarks.floor.status=" + status);
    }
    List<String> floorCmd =
        childFlags(
            command(
                floorProps, launcher, serialization, floorJar, f.floorHandler(), setup.event()));
    // One untimed run each with the call tracer on the class path: which AWS calls were made.
    Map<String, Object> traced = new LinkedHashMap<>();
    Path fnClasses = ctx.workDir().resolve(f.name() + "-classes.log");
    Path floorClasses = ctx.workDir().resolve(f.name() + "-floor-classes.log");
    String fnTrace = trace(ctx, f, setup, withTracer(classLog(fnCmd, fnClasses), tracer));
    String floorTrace = trace(ctx, f, setup, withTracer(classLog(floorCmd, floorClasses), tracer));
    traced.put("functionAwsCalls", calls(fnTrace));
    traced.put("floorAwsCalls", calls(floorTrace));
    // When each call started (ms after the SDK was loaded) and how long it took: an invocation's
    // wall time that no call and no CPU accounts for is a wait of the function's own.
    traced.put("functionAwsCallTimeline", timeline(fnTrace));
    traced.put("floorAwsCallTimeline", timeline(floorTrace));
    // Where the init goes: classes loaded per run, and the packages that load the most.
    traced.put("functionClassesLoaded", classCounts(fnClasses));
    traced.put("floorClassesLoaded", classCounts(floorClasses));
    keepLogs(fnClasses, floorClasses);
    rows.addAll(compare(ctx, f, jar, floorJar, setup, fnCmd, floorCmd, "", traced));
    if (!Boolean.parseBoolean(System.getProperty("benchmarks.coldstart.appcds", "true"))) {
      return rows;
    }
    // The same comparison with an AppCDS archive each (a training run dumps the classes it
    // loaded): what class-data sharing buys where the deployment ships an archive.
    Path fnJsa = ctx.workDir().resolve(f.name() + ".jsa");
    Path floorJsa = ctx.workDir().resolve(f.name() + "-floor.jsa");
    ctx.progress("figure 1: " + f.name() + ": AppCDS training runs");
    train(ctx, f, setup, withFlag(fnCmd, "-XX:ArchiveClassesAtExit=" + fnJsa));
    train(ctx, f, setup, withFlag(floorCmd, "-XX:ArchiveClassesAtExit=" + floorJsa));
    Map<String, Object> cds = new LinkedHashMap<>(traced);
    cds.put("functionArchiveBytes", Files.size(fnJsa));
    cds.put("floorArchiveBytes", Files.size(floorJsa));
    rows.addAll(
        compare(
            ctx,
            f,
            jar,
            floorJar,
            setup,
            withFlag(fnCmd, "-XX:SharedArchiveFile=" + fnJsa),
            withFlag(floorCmd, "-XX:SharedArchiveFile=" + floorJsa),
            ", AppCDS",
            cds));
    return rows;
  }

  /** Configuration, floor calls and state for one function on this stack. */
  static Setup setup(Function f, LocalAwsStack aws, Path work, Path root) throws IOException {
    List<String> props = new ArrayList<>();
    aws.functionProperties()
        .forEach(
            (k, v) -> {
              // Credentials come from the environment, as in Lambda, for function and floor alike.
              if (!k.equals("aws.accessKeyId") && !k.equals("aws.secretKey")) {
                props.add("-D" + k + "=" + v);
              }
            });
    props.add("-Dairlock.function=" + module(f));
    props.add("-Dairlock.metrics.publisher=emf");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "airlock-local");
    env.put("AWS_SECRET_ACCESS_KEY", "airlock-local");
    env.put("AWS_REGION", aws.region());
    String state = LocalResources.STATE_BUCKET.name();
    String stateKey = aws.keyArns().get(LocalResources.STATE_KEY.logicalId());
    String backupKey = aws.keyArns().get(LocalResources.BACKUP_KEY.logicalId());
    String queue = aws.queueUrl(LocalResources.ANALYSIS_QUEUE.logicalId());
    Path event = root.resolve(f.event());
    ProcessSampler.BeforeRun none = (variant, run) -> {};
    // The floors make each distinct AWS operation the function's tracing run shows, once, in
    // the order of first use (row details: functionAwsCalls / floorAwsCalls). Writes go to the
    // backup bucket's floor/ prefix; look-ups of absent records answer 404 as the function's do.
    String backupBucket = LocalResources.BACKUP_BUCKET.name();
    String replicaBucket = LocalResources.REPLICA_BACKUP_BUCKET.name();
    String replicaBackupKey =
        backupKey.replace(":" + aws.region() + ":", ":" + aws.replicaRegion() + ":");
    switch (f.name()) {
      case "webhook":
        props.add("-Dairlock.webhook.queue-url=" + queue);
        env.put("GITHUB_WEBHOOK_SECRET", Bodies.TEST_SECRET);
        return new Setup(
            props,
            env,
            "s3.get "
                + state
                + " "
                + StateKeys.githubInstallation(WebhookFixtures.INSTALLATION_ID)
                + "; sqs.send "
                + queue,
            event,
            none);
      case "billing-webhook":
        // The checked-in signature is dated 2026-01-01 and the default tolerance is 300 s: widen
        // the tolerance instead of re-signing, so the event file is used as checked in.
        props.add("-Dairlock.billing.signature-tolerance=3650d");
        // The event is Stripe's test-mode fixture (livemode: false): apply it as the run of record
        // did, rather than measuring the shorter livemode-mismatch path of the default live mode.
        props.add("-Dairlock.billing.mode=test");
        env.put("STRIPE_WEBHOOK_SECRET", STRIPE_TEST_SECRET);
        return new Setup(
            props,
            env,
            "s3.put " + backupBucket + " floor/marker; s3.get " + state + " lookup/stripe/none",
            event,
            none);
      case "analyze":
        // The template's 300 s, 3008 MB: with 15 s left the job would be deferred, not handled.
        props.add("-Dlambda.timeout-millis=300000");
        props.add("-Dlambda.memory-mb=3008");
        return new Setup(
            props, env, "s3.get " + state + " lookup/none; kms.datakey " + stateKey, event, none);
      case "backup":
        // The replica check polls until the stand-in has copied the snapshot: poll often.
        props.add("-Dairlock.backup.replication.poll-interval=100ms");
        props.add("-Dairlock.keys.backup-replica=" + replicaBackupKey);
        return new Setup(
            props,
            env,
            "s3.list "
                + state
                + "; kms.datakey "
                + backupKey
                + "; s3.mpu "
                + backupBucket
                + " floor/archive; s3.versions "
                + state
                + "; s3.get "
                + state
                + " lookup/none; s3.put "
                + backupBucket
                + " floor/manifest; s3.head "
                + backupBucket
                + " floor/manifest",
            event,
            none);
      case "restore-drill":
        {
          props.add("-Dairlock.keys.backup-replica=" + replicaBackupKey);
          String blob =
              java.util.Base64.getEncoder()
                  .encodeToString(
                      aws.kmsReplica()
                          .generateDataKey(
                              r ->
                                  r.keyId(replicaBackupKey)
                                      .keySpec(
                                          software.amazon.awssdk.services.kms.model.DataKeySpec
                                              .AES_256))
                          .ciphertextBlob()
                          .asByteArray());
          return new Setup(
              props,
              env,
              "s3replica.list "
                  + replicaBucket
                  + " manifests/; s3replica.get "
                  + replicaBucket
                  + " floor/manifest; s3replica.head "
                  + replicaBucket
                  + " floor/manifest; kmsreplica.decrypt "
                  + replicaBackupKey
                  + " "
                  + blob,
              event,
              none);
        }
      case "accounts":
        {
          // Deletion is for good: each run deletes its own freshly enrolled account, the sample
          // event with only the account id changed (github-1234567 → github-1234567<run>).
          Path copy = work.resolve("delete-account.json");
          String template = Files.readString(event, StandardCharsets.UTF_8);
          Map<String, Object> seedProps = new LinkedHashMap<>(aws.functionProperties());
          seedProps.put("airlock.function", "webhook");
          seedProps.put("airlock.webhook.queue-url", queue);
          int[] next = {0};
          ProcessSampler.BeforeRun seed =
              (variant, run) -> {
                String account = DELETED_ACCOUNT + (next[0]++);
                if (!variant.equals("floor")) {
                  enroll(seedProps, account);
                }
                Files.writeString(
                    copy, template.replace(DELETED_ACCOUNT, account), StandardCharsets.UTF_8);
              };
          seed.prepare("floor", -2);
          String absentKey = "alias/airlock/tenant/none";
          return new Setup(
              props,
              env,
              "s3.get "
                  + state
                  + " lookup/none; s3.versions "
                  + state
                  + " accounts/none/; s3.put "
                  + backupBucket
                  + " floor/receipt; s3.list "
                  + state
                  + " accounts/none/; s3.delete "
                  + backupBucket
                  + " floor/none; kms.describe "
                  + absentKey
                  + "; kms.disable "
                  + absentKey
                  + "; kms.schedule "
                  + absentKey,
              copy,
              seed);
        }
      default:
        throw new IllegalArgumentException("no setup for " + f.name());
    }
  }

  /**
   * The functions named by {@code -Dbenchmarks.coldstart.only=webhook,accounts} (to iterate on some
   * of them), or all.
   */
  static List<String> only() {
    String only = System.getProperty("benchmarks.coldstart.only", "");
    return only.isBlank() ? List.of() : List.of(only.split(","));
  }

  /** The function module's name ({@code airlock.function}): the jar's directory. */
  static String module(Function f) {
    return f.jar().split("/")[1];
  }

  /** Creates {@code account} (profile sealed under its new tenant key) through webhook code. */
  static void enroll(Map<String, Object> props, String account) {
    try (ApplicationContext c = ApplicationContext.builder().properties(props).build().start()) {
      c.getBean(EnrollmentService.class).enroll(Provider.GITLAB, "bench/" + account, account, null);
    }
  }

  private List<Result> compare(
      RunContext ctx,
      Function f,
      Path jar,
      Path floorJar,
      Setup setup,
      List<String> fnCmd,
      List<String> floorCmd,
      String suffix,
      Map<String, Object> extra)
      throws IOException, InterruptedException {
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put(f.name(), fnCmd);
    variants.put("floor", floorCmd);
    ctx.progress(
        "figure 1: " + f.name() + suffix + " vs floor, " + ctx.coldRuns() + " fresh JVMs each");
    Map<String, List<ProcessSampler.Sample>> samples =
        ProcessSampler.compare(
            variants,
            setup.env(),
            f.expect(),
            ctx.coldRuns(),
            ctx.workDir(),
            Duration.ofMinutes(3),
            setup.beforeRun());
    Summary fn = summarize(samples.get(f.name()));
    Summary floor = summarize(samples.get("floor"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("event", f.event());
    details.put("handler", f.handler());
    details.put("floorHandler", f.floorHandler());
    details.put("floorCalls", setup.floorCalls());
    details.putAll(extra);
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

  private static void train(RunContext ctx, Function f, Setup setup, List<String> cmd)
      throws IOException, InterruptedException {
    setup.beforeRun().prepare(cmd.contains(f.handler()) ? f.name() : "floor", -1);
    ProcessSampler.Sample s =
        ProcessSampler.run(cmd, setup.env(), ctx.workDir(), Duration.ofMinutes(3));
    if (s.exitCode() != 0 || !s.stdout().contains(f.expect())) {
      throw new IOException(
          "AppCDS training run of " + f.name() + " failed: " + tail(s.stdout() + s.stderr()));
    }
  }

  /** One untimed run with the call tracer: its standard error, with the tracer's lines. */
  private static String trace(RunContext ctx, Function f, Setup setup, List<String> cmd)
      throws IOException, InterruptedException {
    boolean function = cmd.contains(f.handler());
    setup.beforeRun().prepare(function ? f.name() : "floor", -1);
    ProcessSampler.Sample s =
        ProcessSampler.run(cmd, setup.env(), ctx.workDir(), Duration.ofMinutes(3));
    if (s.exitCode() != 0 || !s.stdout().contains(f.expect())) {
      throw new IOException(
          (function ? f.name() : f.name() + "'s floor")
              + " did not handle "
              + f.event()
              + ": "
              + tail(s.stdout() + s.stderr()));
    }
    return s.stderr();
  }

  /** {@code "S3.GetObject @412 ms, 9 ms"} per call the tracer timed, in the order they ended. */
  static List<String> timeline(String stderr) {
    List<String> out = new ArrayList<>();
    Matcher m = AWS_TIME.matcher(stderr);
    while (m.find()) {
      out.add(m.group(1) + "." + m.group(2) + " @" + m.group(3) + " ms, " + m.group(4) + " ms");
    }
    return out;
  }

  static List<String> calls(String stderr) {
    List<String> calls = new ArrayList<>();
    Matcher m = AWS_CALL.matcher(stderr);
    while (m.find()) {
      calls.add(m.group(1) + "." + m.group(2));
    }
    return calls;
  }

  /** The lines that say what went wrong (exceptions, causes, the result), not the stack. */
  static String tail(String s) {
    StringBuilder out = new StringBuilder();
    for (String line : s.split("\n")) {
      if (!line.startsWith("\tat ") && !line.startsWith("\t...") && !line.isBlank()) {
        out.append(line.strip()).append(" | ");
      }
    }
    return out.length() <= 1500 ? out.toString() : out.substring(out.length() - 1500);
  }

  /**
   * {@code cmd} with the extra JVM flags of {@code -Dbenchmarks.coldstart.childFlags} (space
   * separated; for profiling, e.g. {@code -XX:StartFlightRecording=filename=/tmp/cs-%p.jfr}), which
   * function and floor alike get. Not of record: a run with extra flags measures something else.
   */
  static List<String> childFlags(List<String> cmd) {
    String flags = System.getProperty("benchmarks.coldstart.childFlags", "").strip();
    List<String> out = cmd;
    if (!flags.isEmpty()) {
      String[] each = flags.split("\\s+");
      for (int i = each.length - 1; i >= 0; i--) {
        out = withFlag(out, each[i]);
      }
    }
    return out;
  }

  /**
   * Copies the tracing runs' class-load logs to {@code -Dbenchmarks.coldstart.keepLogs=<dir>}, if
   * set (the work directory is deleted at the end of the run): per-class evidence of where the init
   * goes.
   */
  static void keepLogs(Path... logs) throws IOException {
    String dir = System.getProperty("benchmarks.coldstart.keepLogs", "");
    if (dir.isBlank()) {
      return;
    }
    Path target = Path.of(dir);
    Files.createDirectories(target);
    for (Path log : logs) {
      Files.copy(
          log,
          target.resolve(log.getFileName()),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** {@code cmd} logging every loaded class to {@code file} (tracing runs only). */
  static List<String> classLog(List<String> cmd, Path file) {
    return withFlag(cmd, "-Xlog:class+load=info:file=" + file);
  }

  /** Total classes loaded and the ten packages (three levels deep) that loaded the most. */
  static Map<String, Object> classCounts(Path log) throws IOException {
    Map<String, Integer> byPackage = new java.util.HashMap<>();
    int total = 0;
    Pattern line = Pattern.compile("\\[class,load\\] (\\S+) source:");
    for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = line.matcher(l);
      if (m.find()) {
        total++;
        String[] parts = m.group(1).split("\\.");
        String pkg =
            String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
        byPackage.merge(pkg, 1, Integer::sum);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", total);
    byPackage.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(10)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** A class-path directory that registers {@link CallTracer} with every SDK client. */
  static Path writeTracer(Path dir) throws IOException {
    Path file = dir.resolve("software/amazon/awssdk/global/handlers/execution.interceptors");
    Files.createDirectories(file.getParent());
    Files.writeString(file, CallTracer.class.getName() + "\n", StandardCharsets.UTF_8);
    return dir;
  }

  /** {@code cmd} with {@code dir} first on its class path. */
  static List<String> withTracer(List<String> cmd, Path dir) {
    List<String> out = new ArrayList<>(cmd);
    int cp = out.indexOf("-cp") + 1;
    out.set(cp, dir + File.pathSeparator + out.get(cp));
    return out;
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
