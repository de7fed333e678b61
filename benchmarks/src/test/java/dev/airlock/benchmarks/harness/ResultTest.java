package dev.airlock.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTest {

  @Test
  void measured_shouldPass_whenRatioMeetsTarget() {
    Result r =
        Result.measured(
            "2",
            "7 KB",
            new Measurement(11, "µs/op"),
            new Measurement(10, "µs/op"),
            Target.atMost(1.25),
            null,
            Map.of());

    assertEquals(Result.Status.PASS, r.status());
    assertEquals(1.1, r.ratio(), 1e-9);
  }

  @Test
  void measured_shouldFailAndSayWhy_whenRatioMissesTarget() {
    Result r =
        Result.measured(
            "4",
            "webhook",
            new Measurement(100, "req/s"),
            new Measurement(1000, "req/s"),
            Target.atLeast(0.5),
            null,
            Map.of());

    assertEquals(Result.Status.FAIL, r.status());
    assertTrue(r.note().contains("0.10×"), r.note());
  }

  @Test
  void measured_shouldFail_whenSideConditionFailsDespiteGoodRatio() {
    Result r =
        Result.measured(
            "4",
            "webhook",
            new Measurement(900, "req/s"),
            new Measurement(1000, "req/s"),
            Target.atLeast(0.5),
            "3 accepted requests missing from the queue",
            Map.of());

    assertEquals(Result.Status.FAIL, r.status());
    assertEquals("3 accepted requests missing from the queue", r.note());
  }

  @Test
  void notMeasured_shouldRequireAReason_whenCreated() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Result.notMeasured("5", "clone", Target.atMost(1.5), " "));
    Result r = Result.notMeasured("5", "clone", Target.atMost(1.5), "not landed");
    assertTrue(Double.isNaN(r.ratio()));
  }

  @Test
  void constructor_shouldRefuse_whenFloorIsZero() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Result.measured(
                "2",
                "x",
                new Measurement(1, "ms"),
                new Measurement(0, "ms"),
                Target.atMost(1),
                null,
                Map.of()));
  }
}
