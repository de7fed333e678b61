package dev.airlock.benchmarks.backup;

import dev.airlock.benchmarks.harness.ProcessSampler;
import dev.airlock.benchmarks.harness.RunContext;
import dev.airlock.emulators.stack.LocalAwsStack;
import dev.airlock.emulators.stack.LocalAwsStackConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The one run behind figures 8 and 9 (done once per harness run, whichever figure asks first): a
 * synthetic state ({@link SyntheticState}, 1 GiB by default) is written to a fresh versioned state
 * bucket of the local S3Mock; a child JVM ({@link BackupChild}, {@code -Xmx256m}, serial GC, C2)
 * backs it up with the function's own code, verifies and restores it, and runs the floors over the
 * same bytes. Then, for the memory bound, the state grows to 2 GiB and a second child backs it up
 * under the same {@code -Xmx256m}.
 *
 * <p>Sizes: {@code -Dbenchmarks.backup.bytes=N} (default 1 GiB; 64 MiB with {@code --quick}),
 * {@code -Dbenchmarks.backup.bigBytes=N} (default 2 GiB, 0 to skip; skipped with {@code --quick}),
 * {@code -Dbenchmarks.backup.deflate=true} adds the comparison with compression on, {@code
 * -Dbenchmarks.backup.jfr=/path/prefix} records the children with JFR and {@code
 * -Dbenchmarks.backup.childArgs="-XX:..."} adds JVM flags to them (to profile, not of record).
 */
final class BackupBench {
  static final long MIB = 1024 * 1024;
  static final long GIB = 1024 * MIB;
  static final String HEAP = "256m";
  static final long HEAP_BYTES = 256 * MIB;
  static final List<String> CHILD_FLAGS =
      List.of("-Xmx" + HEAP, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
  private static final Pattern KV = Pattern.compile("(\\w+)=(\\d+)");

  /** One phase line of the child: name → numbers. */
  record Phase(String name, Map<String, Long> values) {
    long get(String k) {
      Long v = values.get(k);
      if (v == null) {
        throw new IllegalStateException("phase " + name + " has no " + k);
      }
      return v;
    }
  }

  /** What a child printed. */
  record Child(
      Map<String, Phase> phases, Map<String, Long> manifest, double cpuMillis, double wallMillis) {}

  /** Everything figures 8 and 9 report. */
  record Outcome(
      long bytes,
      int objects,
      long jsonBytes,
      Child main,
      Child deflate,
      long bigBytes,
      Child big,
      double bigSetupSeconds,
      double bigTotalSeconds,
      double uploadSeconds) {}

  private static RunContext measuredFor;
  private static Outcome measured;

  private BackupBench() {}

  /** Measures once per run context. */
  static synchronized Outcome measure(RunContext ctx) throws Exception {
    if (measuredFor == ctx && measured != null) {
      return measured;
    }
    measured = run(ctx);
    measuredFor = ctx;
    return measured;
  }

  /** Why this checkout cannot measure, or null. */
  static String missing(RunContext ctx) {
    Path s3mock = ctx.repoRoot().resolve("infra/local/target/s3mock/s3mock-exec.jar");
    if (!Files.isRegularFile(s3mock) || !Files.isRegularFile(ctx.benchmarksJar())) {
      return "build first: ./mvnw -B -q -pl benchmarks -am package -DskipTests";
    }
    return null;
  }

  private static Outcome run(RunContext ctx) throws Exception {
    long bytes = Long.getLong("benchmarks.backup.bytes", ctx.quick() ? 64 * MIB : GIB);
    long bigBytes = ctx.quick() ? 0 : Long.getLong("benchmarks.backup.bigBytes", 2 * GIB);
    boolean deflate =
        Boolean.parseBoolean(System.getProperty("benchmarks.backup.deflate", "false"));
    System.setProperty(
        "airlock.s3mock.jar",
        ctx.repoRoot().resolve("infra/local/target/s3mock/s3mock-exec.jar").toString());
    ctx.progress("figures 8/9: starting the local AWS stand-ins");
    try (LocalAwsStack aws =
        LocalAwsStack.start(
            LocalAwsStackConfig.defaults(ctx.workDir().resolve("aws-backup"), false))) {
      String state = "bench-state";
      String backup = "bench-backup";
      String restore = "bench-restore";
      for (String b : List.of(state, backup, restore)) {
        createVersioned(aws.s3(), b);
      }
      List<SyntheticState.Spec> specs = SyntheticState.plan(bytes, 0);
      long jsonBytes =
          specs.stream()
              .filter(SyntheticState.Spec::json)
              .mapToLong(SyntheticState.Spec::size)
              .sum();
      ctx.progress(
          "figures 8/9: writing "
              + specs.size()
              + " objects, "
              + bytes / MIB
              + " MiB ("
              + jsonBytes * 100 / bytes
              + "% JSON, the rest ciphertext) to the state bucket");
      long u0 = System.nanoTime();
      upload(aws.s3(), state, specs);
      double uploadSeconds = (System.nanoTime() - u0) / 1e9;
      Path specFile = ctx.workDir().resolve("backup-specs.tsv");
      SyntheticState.write(specs, specFile);

      Map<String, String> args = new LinkedHashMap<>();
      args.put("region", aws.region());
      args.put("s3", aws.s3Endpoint().toString());
      args.put("kms", aws.kmsEndpoint().toString());
      args.put("state", state);
      args.put("backup", backup);
      args.put("restore", restore);
      args.put("key", aws.keyArns().get("BackupKey"));
      args.put("sse", aws.keyId("BackupKey"));
      args.put("specs", specFile.toString());

      ctx.progress(
          "figures 8/9: backup, verify, restore and floors in a child JVM (-Xmx" + HEAP + ")");
      args.put("phases", "backup,verify,restore,floor");
      args.put("compression", "none");
      Child main = child(ctx, args);

      Child deflated = null;
      if (deflate) {
        ctx.progress("figures 8/9: the same with compression=deflate");
        args.put("phases", "backup,verify,floor");
        args.put("compression", "deflate");
        deflated = child(ctx, args);
      }

      Child big = null;
      double bigSetup = 0;
      double bigTotal = 0;
      if (bigBytes > bytes) {
        long t0 = System.nanoTime();
        List<SyntheticState.Spec> more = SyntheticState.plan(bigBytes - bytes, 1);
        ctx.progress("figure 8: memory bound, growing the state to " + bigBytes / MIB + " MiB");
        upload(aws.s3(), state, more);
        bigSetup = (System.nanoTime() - t0) / 1e9;
        args.put("phases", "backup");
        args.put("compression", "none");
        big = child(ctx, args);
        bigTotal = (System.nanoTime() - t0) / 1e9;
      }
      return new Outcome(
          bytes,
          specs.size(),
          jsonBytes,
          main,
          deflated,
          bigBytes > bytes ? bigBytes : 0,
          big,
          bigSetup,
          bigTotal,
          uploadSeconds);
    }
  }

  static Child child(RunContext ctx, Map<String, String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessSampler.javaExecutable());
    cmd.addAll(CHILD_FLAGS);
    String jfr = System.getProperty("benchmarks.backup.jfr", "");
    if (!jfr.isBlank()) {
      // Profiling aid, not for runs of record: JFR's sampling costs a little CPU.
      cmd.add(
          "-XX:StartFlightRecording=filename="
              + jfr
              + "-"
              + args.get("compression")
              + ".jfr,settings=profile");
    }
    String extra = System.getProperty("benchmarks.backup.childArgs", "");
    if (!extra.isBlank()) {
      // Profiling aid, not for runs of record (e.g. -XX:+PrintCompilation).
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    cmd.add("-cp");
    cmd.add(ctx.benchmarksJar().toString());
    cmd.add(BackupChild.class.getName());
    args.forEach((k, v) -> cmd.add(k + "=" + v));
    ProcessSampler.Sample s =
        ProcessSampler.run(cmd, Map.of(), ctx.workDir(), Duration.ofMinutes(60));
    if (s.exitCode() != 0) {
      throw new IOException(
          "backup child failed (exit "
              + s.exitCode()
              + "): "
              + tail(s.stdout() + "\n" + s.stderr()));
    }
    Map<String, Phase> phases = new LinkedHashMap<>();
    Map<String, Long> manifest = new LinkedHashMap<>();
    for (String line : s.stdout().lines().toList()) {
      if (line.startsWith("PHASE ")) {
        String name = line.substring(6, line.indexOf(' ', 6));
        phases.put(name, new Phase(name, numbers(line)));
      } else if (line.startsWith("MANIFEST ")) {
        manifest.putAll(numbers(line));
      }
    }
    return new Child(phases, manifest, s.cpuMillis(), s.wallMillis());
  }

  private static Map<String, Long> numbers(String line) {
    Map<String, Long> out = new LinkedHashMap<>();
    Matcher m = KV.matcher(line);
    while (m.find()) {
      out.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return out;
  }

  private static String tail(String s) {
    return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
  }

  static void createVersioned(S3Client s3, String bucket) {
    s3.createBucket(r -> r.bucket(bucket));
    s3.putBucketVersioning(
        r ->
            r.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
  }

  /** Writes the objects with a few threads, each generating its bytes as it goes. */
  static void upload(S3Client s3, String bucket, List<SyntheticState.Spec> specs) throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[0]);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (SyntheticState.Spec spec : specs) {
        done.add(
            pool.submit(
                () -> {
                  byte[] b = buffers.get();
                  if (b.length < spec.size()) {
                    b = new byte[(int) spec.size()];
                    buffers.set(b);
                  }
                  SyntheticState.fill(spec, b);
                  byte[] bytes = b;
                  int n = (int) spec.size();
                  s3.putObject(
                      r ->
                          r.bucket(bucket)
                              .key(spec.key())
                              .contentType(spec.contentType())
                              .metadata(spec.metadata()),
                      RequestBody.fromContentProvider(
                          () -> new java.io.ByteArrayInputStream(bytes, 0, n),
                          n,
                          spec.contentType()));
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
