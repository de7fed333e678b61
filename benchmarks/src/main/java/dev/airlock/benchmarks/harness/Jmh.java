package dev.airlock.benchmarks.harness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs JMH benchmarks programmatically with the harness's modest settings (one fork, a few
 * one-second iterations: the whole suite must fit in minutes on two shared cores) and reads back
 * scores by method and parameter.
 */
public final class Jmh {
  private Jmh() {}

  /**
   * Runs the benchmark methods of {@code benchmark} whose names match {@code methodRegex}, average
   * time per operation in {@code unit}, with the GC profiler (allocation per operation).
   *
   * @param params JMH parameter overrides (name → values); empty keeps the class's own
   * @param jvmArgs extra flags for the forked JVM
   * @throws RunnerException if JMH fails
   */
  public static Collection<RunResult> averageTime(
      Class<?> benchmark,
      String methodRegex,
      RunContext ctx,
      TimeUnit unit,
      Map<String, String[]> params,
      String... jvmArgs)
      throws RunnerException {
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .include(
                "^"
                    + java.util.regex.Pattern.quote(benchmark.getName())
                    + "\\."
                    + methodRegex
                    + "$")
            .forks(1)
            .warmupIterations(ctx.quick() ? 1 : 3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(ctx.quick() ? 2 : 8)
            .measurementTime(TimeValue.seconds(1))
            .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
            .timeUnit(unit)
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .addProfiler(GCProfiler.class);
    List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
    args.addAll(List.of(jvmArgs));
    b.jvmArgs(args.toArray(String[]::new));
    params.forEach(b::param);
    return new Runner(b.build()).run();
  }

  /** The result of {@code method} with parameter {@code name=value} (null name: the only one). */
  public static RunResult find(
      Collection<RunResult> results, String method, String name, String value) {
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      String bench = p.getBenchmark();
      if (bench.endsWith("." + method) && (name == null || value.equals(p.getParam(name)))) {
        return r;
      }
    }
    throw new IllegalStateException("no JMH result for " + method + " " + name + "=" + value);
  }

  /**
   * The median of the measurement iterations' scores. On a shared machine a burst of other work
   * inflates one or two iterations; their mean (JMH's score) moves with it, the median much less.
   */
  public static double medianScore(RunResult r) {
    List<Double> scores = new ArrayList<>();
    for (org.openjdk.jmh.results.BenchmarkResult b : r.getBenchmarkResults()) {
      for (org.openjdk.jmh.results.IterationResult i : b.getIterationResults()) {
        scores.add(i.getPrimaryResult().getScore());
      }
    }
    return scores.isEmpty() ? r.getPrimaryResult().getScore() : Stats.median(scores);
  }

  /** Bytes allocated per operation (GC profiler), if it was recorded. */
  public static OptionalDouble allocationPerOp(RunResult r) {
    for (Map.Entry<String, org.openjdk.jmh.results.Result> e : r.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith("gc.alloc.rate.norm")) {
        return OptionalDouble.of(e.getValue().getScore());
      }
    }
    return OptionalDouble.empty();
  }
}
