package dev.airlock.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

  @Test
  void render_shouldShowRatioVerdictAndReason_whenRowsAreMixed() {
    List<Result> rows =
        List.of(
            Result.measured(
                "2",
                "7 KB",
                new Measurement(12, "µs/op"),
                new Measurement(10, "µs/op"),
                Target.atMost(1.25),
                null,
                Map.of()),
            Result.notMeasured("8", "backup", Target.atMost(1.2), "backup has not landed"));

    String table = ResultsTable.render(Map.of("2", "Webhook verification, warm"), rows);
    String[] lines = table.split("\n");

    assertEquals(4, lines.length, table);
    assertTrue(lines[0].startsWith("| # "), table);
    assertTrue(lines[2].contains("1.20×") && lines[2].contains("pass"), table);
    assertTrue(lines[3].contains("not measured (backup has not landed)"), table);
    assertEquals(lines[0].length(), lines[2].length(), "columns are aligned");
  }
}
