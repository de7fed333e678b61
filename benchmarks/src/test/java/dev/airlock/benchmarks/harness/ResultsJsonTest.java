package dev.airlock.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsJsonTest {
  private static final Machine MACHINE =
      new Machine(
          "17.0.15", "Vendor", "VM", List.of("-Xmx1g"), "Linux", "amd64", 2, "CPU", 1L << 30, 1.5);

  private static Figure figure(String id) {
    return new PendingFigure(id, "figure " + id, "floor " + id, Target.atMost(1.5), "n/a");
  }

  private static Result row(String id, double measured) {
    return Result.measured(
        id,
        "case",
        new Measurement(measured, "ms"),
        new Measurement(10, "ms"),
        Target.atMost(1.5),
        null,
        Map.of("runs", 10));
  }

  @Test
  void write_shouldRecordFigureFloorRatioStatusAndMachine_whenWritten(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("latest.json");

    ResultsJson.write(
        file,
        MACHINE,
        List.of("java", "-jar", "b.jar"),
        List.of(figure("2")),
        List.of(row("2", 20)),
        Map.of("functions/webhook/target/webhook-lambda.jar", 123L),
        Instant.parse("2026-01-01T00:00:00Z"));

    JsonNode root = new ObjectMapper().readTree(file.toFile());
    assertEquals("amd64", root.path("machine").path("osArch").asText());
    assertEquals("-Xmx1g", root.path("machine").path("jvmFlags").path(0).asText());
    assertEquals(
        123,
        root.path("functionJars").path("functions/webhook/target/webhook-lambda.jar").asLong());
    JsonNode r = root.path("figures").path(0).path("rows").path(0);
    assertEquals(2.0, r.path("ratio").asDouble(), 1e-9);
    assertEquals("fail", r.path("status").asText());
    assertEquals("≤ 1.5×", r.path("target").asText());
    assertEquals(10, r.path("floor").path("value").asDouble(), 1e-9);
    assertEquals("floor 2", root.path("figures").path(0).path("floor").asText());
  }

  @Test
  void write_shouldKeepOtherFiguresAndReplaceRerunOnes_whenOnlySomeFiguresRan(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("latest.json");
    Instant first = Instant.parse("2026-01-01T00:00:00Z");
    ResultsJson.write(
        file,
        MACHINE,
        List.of(),
        List.of(figure("1"), figure("2")),
        List.of(row("1", 12), row("2", 12)),
        Map.of(),
        first);

    ResultsJson.write(
        file,
        MACHINE,
        List.of(),
        List.of(figure("2")),
        List.of(row("2", 9)),
        Map.of(),
        Instant.parse("2026-01-02T00:00:00Z"));

    JsonNode figures = new ObjectMapper().readTree(file.toFile()).path("figures");
    assertEquals(2, figures.size());
    assertEquals("1", figures.path(0).path("figure").asText());
    assertEquals(first.toString(), figures.path(0).path("measuredAt").asText());
    assertEquals(0.9, figures.path(1).path("rows").path(0).path("ratio").asDouble(), 1e-9);
    assertFalse(dir.resolve("latest.json.tmp").toFile().exists());
  }
}
