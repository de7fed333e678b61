package dev.airlock.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Defect: PMD had no time limit. Some of its rules grow faster than linearly with a file's size, so
 * one generated class under the 1 MiB file cap (80,000 empty methods) took 138 s of CPU — with the
 * secrets scan before it, past the sandbox's 150 s analyzer timeout, which kills the process and
 * refuses the whole commit ({@code analyzer-timeout}) with no finding at all. Now PMD stops at its
 * budget: the secrets run and every file PMD finished keep their results, and the run says how many
 * files were cut off.
 */
class PmdBudgetTest {

  @TempDir Path dir;

  /** A syntactically valid class of {@code methods} empty methods with distinct short names. */
  static String manyMethods(int methods) {
    StringBuilder out = new StringBuilder("class Generated {\n");
    for (int i = 0; i < methods; i++) {
      out.append("void m").append(Integer.toString(i, 36)).append("(){}\n");
    }
    return out.append("}\n").toString();
  }

  @Test
  void run_shouldEndAtThePmdBudgetWithANoteAndKeepTheSecretsRun_whenOneFileOutlastsIt()
      throws Exception {
    String secret = dev.airlock.analyzers.secrets.PlantedSecrets.awsAccessKeyId();
    TestRepository repo =
        TestRepository.in(dir)
            .write("src/Generated.java", manyMethods(40_000))
            .write("config/settings.env", "AWS_ACCESS_KEY_ID=" + secret + "\n");
    Duration budget = Duration.ofSeconds(3);

    long t = System.nanoTime();
    AnalyzerReport report =
        Analyzers.run(
            AnalyzerRequest.builder(repo.root(), TestRepository.salt()).pmdBudget(budget).build());
    Duration took = Duration.ofNanos(System.nanoTime() - t);

    assertTrue(took.compareTo(budget.plusSeconds(10)) < 0, "ended near the budget: " + took);
    assertEquals(AnalyzerSummary.OK, report.summary().status(), report.summary().toString());
    JsonNode runs = JsonMapper.builder().build().readTree(report.sarifJson()).path("runs");
    JsonNode pmd = runs.get(1);
    assertEquals("PMD", pmd.path("tool").path("driver").path("name").asString());
    assertTrue(pmd.path("invocations").get(0).path("executionSuccessful").asBoolean());
    assertTrue(
        report.sarifJson().contains("airlock/pmd-budget-exceeded"), "the cut is said in the run");
    assertTrue(
        report.sarifJson().contains("1 files were not analyzed to the end"), report.sarifJson());
    RunSummary pmdSummary = report.summary().runs().get(1);
    assertEquals(1L, pmdSummary.counters().get("filesOverBudget"), pmdSummary.toString());
    assertEquals(0, pmdSummary.results(), "a file cut off midway contributes nothing");
    RunSummary secrets = report.summary().runs().get(0);
    assertEquals(1, secrets.results(), "the secrets run before PMD is kept: " + secrets);
    assertFalse(report.sarifJson().contains(secret));
    assertFalse(report.sarifJson().contains("m1a2"), "no source text");
  }

  @Test
  void run_shouldNotNoteTheBudget_whenPmdFinishesWithinIt() throws Exception {
    TestRepository repo =
        TestRepository.in(dir)
            .write(
                "src/Demo.java", "class Demo { void f() { int forgottenLocalVariable = 42; } }\n");

    AnalyzerReport report =
        Analyzers.run(
            AnalyzerRequest.builder(repo.root(), TestRepository.salt())
                .analyzers(Set.of(AnalyzerKind.PMD))
                .pmdBudget(Duration.ofMinutes(5))
                .build());

    assertFalse(report.sarifJson().contains("pmd-budget-exceeded"));
    RunSummary pmd = report.summary().runs().get(0);
    assertEquals(0L, pmd.counters().get("filesOverBudget"));
    assertTrue(pmd.results() > 0, pmd.toString());
  }
}
