package dev.airlock.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** PMD with the quickstart ruleset over a small generated Java project. */
class PmdAnalysisTest {

  @TempDir static Path dir;

  private static AnalyzerReport report;
  private static JsonNode run;

  @BeforeAll
  static void analyze() throws IOException {
    TestRepository repo =
        TestRepository.in(dir)
            .write(
                "src/main/java/demo/Demo.java",
                String.join(
                    "\n",
                    "package demo;",
                    "",
                    "public class Demo {",
                    "  private int unusedSecretSauceCounter;",
                    "",
                    "  public void run() {",
                    "    int forgottenLocalVariable = 42;",
                    "    System.out.println(\"hello\");",
                    "  }",
                    "}",
                    ""))
            .write("src/main/java/demo/Broken.java", "class Broken { void x( { }\n")
            .write("notes.txt", "not java\n");
    report =
        Analyzers.run(
            AnalyzerRequest.builder(repo.root(), TestRepository.salt())
                .analyzers(Set.of(AnalyzerKind.PMD))
                .build());
    run = JsonMapper.builder().build().readTree(report.sarifJson()).path("runs").get(0);
  }

  private static Map<String, JsonNode> byRule() {
    Map<String, JsonNode> out = new TreeMap<>();
    run.path("results").forEach(r -> out.put(r.path("ruleId").asString(), r));
    return out;
  }

  @Test
  void run_shouldReportQuickstartViolations_whenTheJavaFileHasThem() {
    Map<String, JsonNode> results = byRule();

    assertTrue(
        results.keySet().containsAll(List.of("UnusedPrivateField", "UnusedLocalVariable")),
        results.keySet().toString());
    JsonNode physical =
        results.get("UnusedLocalVariable").path("locations").get(0).path("physicalLocation");
    assertEquals(
        "src/main/java/demo/Demo.java", physical.path("artifactLocation").path("uri").asString());
    assertEquals("SRCROOT", physical.path("artifactLocation").path("uriBaseId").asString());
    assertEquals(7, physical.path("region").path("startLine").asInt());
    assertEquals("PMD", run.path("tool").path("driver").path("name").asString());
  }

  @Test
  void run_shouldNotRevealTheSandboxPathOrNamesFromTheCode_whenReportingViolations() {
    String json = report.sarifJson();

    assertFalse(json.contains(dir.toString()), "absolute sandbox path in the SARIF");
    assertFalse(json.contains("/tmp/"));
    assertFalse(json.contains("file:"));
    assertFalse(json.contains("unusedSecretSauceCounter"), "identifier from the code");
    assertFalse(json.contains("forgottenLocalVariable"), "identifier from the code");
    assertEquals(
        "Violation of PMD rule UnusedLocalVariable (Best Practices).",
        byRule().get("UnusedLocalVariable").path("message").path("text").asString());
  }

  @Test
  void run_shouldCountTheUnparsableFileAndStillSucceed_whenOneFileHasSyntaxErrors() {
    RunSummary summary = report.summary().runs().get(0);

    assertEquals(AnalyzerSummary.OK, report.summary().status());
    assertEquals(2, summary.filesAnalyzed());
    assertEquals(1L, summary.counters().get("processingErrors"));
    assertTrue(report.sarifJson().contains("PMD could not analyze 1 files."));
  }

  @Test
  void run_shouldWriteSchemaValidSarif_whenPmdRan() {
    List<String> violations = new ArrayList<>(SarifSchema.violations(report.sarifJson()));

    assertEquals(List.of(), violations);
  }
}
