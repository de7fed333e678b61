package dev.airlock.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyzers.sarif.SarifLimits;
import dev.airlock.analyzers.secrets.PlantedSecrets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GitHub's per-run results cap, applied with a note instead of a failure. */
class ResultsLimitTest {

  @TempDir Path dir;

  @Test
  void run_shouldTruncateWithANote_whenMoreResultsThanTheCapAreFound() throws IOException {
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      file.append("t").append(i).append(" = '").append(PlantedSecrets.githubPat()).append("'\n");
    }
    TestRepository repo = TestRepository.in(dir).write("tokens.txt", file.toString());

    AnalyzerReport report =
        Analyzers.run(
            AnalyzerRequest.builder(repo.root(), TestRepository.salt())
                .analyzers(Set.of(AnalyzerKind.SECRETS))
                .limits(SarifLimits.GITHUB.withMaxResultsPerRun(10))
                .build());

    JsonNode run = JsonMapper.builder().build().readTree(report.sarifJson()).path("runs").get(0);
    assertEquals(10, run.path("results").size());
    JsonNode notes = run.path("invocations").get(0).path("toolExecutionNotifications");
    boolean noted = false;
    for (JsonNode note : notes) {
      if (note.path("descriptor").path("id").asString().equals("airlock/results-truncated")) {
        assertEquals(
            "Results truncated: kept 10 of 30 results (limit 10 per run).",
            note.path("message").path("text").asString());
        noted = true;
      }
    }
    assertTrue(noted, "truncation note missing: " + notes);
    assertEquals(10, report.summary().runs().get(0).results());
    assertEquals(20, report.summary().runs().get(0).resultsTruncated());
    assertEquals(List.of(), SarifSchema.violations(report.sarifJson()));
  }
}
