package dev.airlock.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Defect: one Java file whose syntax tree is deep — 20,000 nested parentheses, or just a generated
 * 5,000-term string concatenation or 3,000-call builder chain — overflowed the stack of PMD's tree
 * passes, PMD's StackOverflowError ended its whole analysis, and the commit got no PMD finding at
 * all ({@code analyzer-failed}): one file, hostile or generated, silenced every other file's
 * findings. Now the file that overflows is left out (a processing error) and every other file is
 * analyzed.
 */
class PmdStackOverflowTest {
  @TempDir static Path dir;

  private static AnalyzerReport report;
  private static JsonNode run;

  @BeforeAll
  static void analyze() throws IOException {
    String concatenation =
        IntStream.range(0, 5000)
            .mapToObj(i -> "\"part" + i + "\"")
            .collect(Collectors.joining(" + "));
    TestRepository repo =
        TestRepository.in(dir)
            .write(
                "src/main/java/demo/Demo.java",
                "package demo;\n\npublic class Demo {\n  public void run() {\n"
                    + "    int forgottenLocalVariable = 42;\n  }\n}\n")
            .write(
                "src/main/java/demo/Nested.java",
                "class Nested { int f(int a) { return "
                    + "(".repeat(20_000)
                    + "a"
                    + ")".repeat(20_000)
                    + "; } }\n")
            .write(
                "src/main/java/demo/Generated.java",
                "class Generated { void f() { int unusedInGenerated = 1; }\n  String s = "
                    + concatenation
                    + "; }\n");
    report =
        Analyzers.run(
            AnalyzerRequest.builder(repo.root(), TestRepository.salt())
                .analyzers(Set.of(AnalyzerKind.PMD))
                .build());
    run = JsonMapper.builder().build().readTree(report.sarifJson()).path("runs").get(0);
  }

  private static List<String> resultFiles() {
    List<String> files = new ArrayList<>();
    for (JsonNode r : run.path("results")) {
      files.add(
          r.path("locations")
              .get(0)
              .path("physicalLocation")
              .path("artifactLocation")
              .path("uri")
              .asString());
    }
    return files;
  }

  @Test
  void run_shouldAnalyzeEveryOtherFile_whenOneFileOverflowsPmdsStack() {
    assertEquals(AnalyzerSummary.OK, report.summary().status(), report.summary().toString());
    assertTrue(run.path("invocations").get(0).path("executionSuccessful").asBoolean());
    assertTrue(resultFiles().contains("src/main/java/demo/Demo.java"), resultFiles().toString());
  }

  @Test
  void run_shouldAnalyzeTheGeneratedFile_whenItsLongConcatenationNeedsADeeperStack() {
    assertTrue(
        resultFiles().contains("src/main/java/demo/Generated.java"), resultFiles().toString());
  }

  @Test
  void run_shouldCountTheOverflowingFileAsAProcessingErrorAndQuoteNothing_whenItIsLeftOut() {
    RunSummary summary = report.summary().runs().get(0);

    assertEquals(1L, summary.counters().get("processingErrors"), summary.toString());
    assertFalse(resultFiles().contains("src/main/java/demo/Nested.java"));
    assertTrue(report.sarifJson().contains("PMD could not analyze 1 files."));
    assertFalse(report.sarifJson().contains("(((("), "no source text in the SARIF");
    assertFalse(report.sarifJson().contains("part4999"), "no source text in the SARIF");
    assertFalse(report.sarifJson().contains("forgottenLocalVariable"));
  }
}
