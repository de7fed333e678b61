package dev.airlock.benchmarks.webhook;

import dev.airlock.benchmarks.harness.Figure;
import dev.airlock.benchmarks.harness.Jmh;
import dev.airlock.benchmarks.harness.Measurement;
import dev.airlock.benchmarks.harness.Result;
import dev.airlock.benchmarks.harness.RunContext;
import dev.airlock.benchmarks.harness.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;

/**
 * Figure 2: {@code HubSignatureVerifier.verify} warm (JMH, C2) for 7 KB, 1 MiB and 6 MiB bodies ÷
 * JDK HMAC-SHA256 over the same bytes. Also fails a case whose verifier allocates a body's worth of
 * bytes more than the floor per call: the check must not copy the body.
 */
public final class WarmVerificationFigure implements Figure {

  @Override
  public String id() {
    return "2";
  }

  @Override
  public String title() {
    return "Webhook verification, warm";
  }

  @Override
  public String floorDescription() {
    return "JDK HMAC-SHA256 (SunJCE Mac initialised once, doFinal) over the same bytes, same JMH"
        + " fork settings";
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  @Override
  public Target target() {
    return Target.atMost(1.25);
  }

  @Override
  public List<Result> run(RunContext ctx) throws Exception {
    ctx.progress("figure 2: JMH, " + Bodies.SIZES.size() + " sizes x 3 benchmarks");
    Collection<RunResult> results =
        Jmh.averageTime(WebhookVerifyBenchmark.class, ".*", ctx, TimeUnit.MICROSECONDS, Map.of());
    List<Result> rows = new ArrayList<>();
    for (int size : Bodies.SIZES) {
      RunResult verifier = Jmh.find(results, "verifier", "size", Integer.toString(size));
      RunResult floor = Jmh.find(results, "jdkHmac", "size", Integer.toString(size));
      RunResult lookup = Jmh.find(results, "jdkHmacLookupPerCall", "size", Integer.toString(size));
      double allocVerifier = Jmh.allocationPerOp(verifier).orElse(Double.NaN);
      double allocFloor = Jmh.allocationPerOp(floor).orElse(Double.NaN);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("bodyBytes", size);
      details.put("verifierAllocBytesPerOp", Math.round(allocVerifier));
      details.put("floorAllocBytesPerOp", Math.round(allocFloor));
      details.put("jdkHmacWithLookupPerCallMicros", round(Jmh.medianScore(lookup)));
      details.put("verifierMeanMicros", round(verifier.getPrimaryResult().getScore()));
      details.put("floorMeanMicros", round(floor.getPrimaryResult().getScore()));
      details.put(
          "jmh", "1 fork, 3x1s warmup, 8x1s measurement (median of iterations), -Xmx1g, C2");
      String copyFailure =
          allocVerifier - allocFloor >= size
              ? "verifier allocates "
                  + Math.round(allocVerifier - allocFloor)
                  + " B/op more than the floor: a copy of the body"
              : null;
      rows.add(
          Result.measured(
              id(),
              Bodies.label(size),
              new Measurement(Jmh.medianScore(verifier), "µs/op"),
              new Measurement(Jmh.medianScore(floor), "µs/op"),
              target(),
              copyFailure,
              details));
    }
    return rows;
  }
}
