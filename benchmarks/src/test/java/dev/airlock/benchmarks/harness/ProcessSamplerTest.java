package dev.airlock.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spawns small shell processes (no sockets): the cold-start figures rest on these numbers. */
class ProcessSamplerTest {

  @Test
  void run_shouldCountTheChildsCpu_whenItSpinsAndNotWhenItSleeps(@TempDir Path dir)
      throws Exception {
    ProcessSampler.Sample busy =
        ProcessSampler.run(
            List.of("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo done"),
            Map.of(),
            dir,
            Duration.ofSeconds(60));
    ProcessSampler.Sample idle =
        ProcessSampler.run(
            List.of("sh", "-c", "sleep 0.3; echo done"), Map.of(), dir, Duration.ofSeconds(60));

    assertEquals("done\n", busy.stdout());
    assertTrue(busy.cpuMillis() >= 50, "busy child CPU " + busy.cpuMillis());
    assertTrue(busy.cpuMillis() <= busy.wallMillis() * 2 + 20, "one thread cannot exceed wall");
    assertTrue(idle.wallMillis() >= 300, "sleep counts in wall time");
    assertTrue(idle.cpuMillis() <= 40, "a sleeping child costs no CPU, got " + idle.cpuMillis());
  }

  @Test
  void compare_shouldRunEveryVariantTheGivenTimes_whenAllSucceed(@TempDir Path dir)
      throws Exception {
    Map<String, List<ProcessSampler.Sample>> out =
        ProcessSampler.compare(
            Map.of("a", List.of("sh", "-c", "echo ok-a"), "b", List.of("sh", "-c", "echo ok-b")),
            Map.of(),
            "ok-",
            3,
            dir,
            Duration.ofSeconds(30));

    assertEquals(3, out.get("a").size());
    assertEquals(3, out.get("b").size());
  }

  @Test
  void compare_shouldFail_whenAVariantDoesNotPrintTheExpectedLine(@TempDir Path dir) {
    assertThrows(
        IOException.class,
        () ->
            ProcessSampler.compare(
                Map.of("a", List.of("sh", "-c", "echo wrong")),
                Map.of(),
                "status=202",
                1,
                dir,
                Duration.ofSeconds(30)));
  }
}
