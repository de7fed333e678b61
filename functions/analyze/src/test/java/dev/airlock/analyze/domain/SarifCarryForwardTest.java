package dev.airlock.analyze.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.analyze.adapter.json.SerdeJsonCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SarifCarryForwardTest {
  private static final SerdeJsonCodec JSON = SerdeJsonCodec.createDefault();
  private static final String ROOT = "/sandbox/src";
  private static final RuleCatalog CATALOG =
      RuleCatalog.of(
          List.of(
              tool("PMD", "UnusedLocalVariable", "EmptyCatchBlock"),
              tool("secrets", "github-pat")));

  private static RuleCatalog.Tool tool(String name, String... ruleIds) {
    Map<String, RuleCatalog.Rule> rules = new java.util.LinkedHashMap<>();
    for (String id : ruleIds) {
      rules.put(id, new RuleCatalog.Rule(id, null, "Rule " + id + ".", null, null));
    }
    return new RuleCatalog.Tool(name, null, null, rules);
  }

  private static Map<String, Object> rule(String id) {
    return Map.of(
        "id",
        id,
        "shortDescription",
        Map.of("text", "Rule " + id + "."),
        "defaultConfiguration",
        Map.of("level", "warning"));
  }

  private static Map<String, Object> result(String ruleId, String path, long line) {
    return Map.of(
        "ruleId",
        ruleId,
        "level",
        "warning",
        "message",
        Map.of("text", "Rule " + ruleId + "."),
        "locations",
        List.of(
            Map.of(
                "physicalLocation",
                Map.of(
                    "artifactLocation",
                    Map.of("uri", path, "uriBaseId", "SRCROOT"),
                    "region",
                    Map.of("startLine", line)))));
  }

  private static Map<String, Object> run(String tool, List<String> rules, List<Object> results) {
    List<Object> descriptors = new ArrayList<>();
    rules.forEach(r -> descriptors.add(rule(r)));
    return Map.of(
        "tool", Map.of("driver", Map.of("name", tool, "rules", descriptors)), "results", results);
  }

  private static Map<String, Object> log(Object... runs) {
    return Map.of("version", "2.1.0", "$schema", SarifSanitizer.SCHEMA, "runs", List.of(runs));
  }

  /** The merged log as the service stores it: sanitized again against every file of the commit. */
  private static SarifSanitizer.Sanitized mergeAndSanitize(
      Map<String, Object> current, Map<String, Object> parent, Set<String> unchanged) {
    SarifCarryForward.Merged merged =
        SarifCarryForward.merge(current, JSON.read(JSON.write(parent)), unchanged);
    Set<String> all = new java.util.HashSet<>(unchanged);
    all.addAll(Set.of("B.java", "C.java"));
    return new SarifSanitizer(25_000, 10_000_000, JSON, CATALOG)
        .sanitize(JSON.write(merged.log()), all, ROOT);
  }

  @Test
  void merge_shouldCarryParentResultsOfUnchangedFilesOnly_whenSomeFilesChanged() {
    Map<String, Object> parent =
        log(
            run(
                "PMD",
                List.of("UnusedLocalVariable", "EmptyCatchBlock"),
                List.of(
                    result("UnusedLocalVariable", "A.java", 3),
                    result("EmptyCatchBlock", "B.java", 9),
                    result("EmptyCatchBlock", "Gone.java", 1))));
    Map<String, Object> current =
        log(
            run(
                "PMD",
                List.of("UnusedLocalVariable"),
                List.of(result("UnusedLocalVariable", "B.java", 4))));

    SarifCarryForward.Merged merged =
        SarifCarryForward.merge(current, JSON.read(JSON.write(parent)), Set.of("A.java"));
    SarifSanitizer.Sanitized stored = mergeAndSanitize(current, parent, Set.of("A.java"));

    assertEquals(1, merged.carried(), "only A.java is unchanged");
    assertEquals(2, stored.results());
    assertEquals(Map.of("UnusedLocalVariable", 2L), stored.byRule());
  }

  @Test
  void merge_shouldTakeTheRuleDescriptorFromTheParent_whenOnlyCarriedResultsUseIt() {
    Map<String, Object> parent =
        log(
            run(
                "PMD",
                List.of("EmptyCatchBlock"),
                List.of(result("EmptyCatchBlock", "A.java", 7))));
    Map<String, Object> current =
        log(
            run(
                "PMD",
                List.of("UnusedLocalVariable"),
                List.of(result("UnusedLocalVariable", "B.java", 2))));

    SarifSanitizer.Sanitized stored = mergeAndSanitize(current, parent, Set.of("A.java"));

    assertEquals(Map.of("EmptyCatchBlock", 1L, "UnusedLocalVariable", 1L), stored.byRule());
    @SuppressWarnings("unchecked")
    Map<String, Object> run0 = (Map<String, Object>) ((List<?>) stored.sarif().get("runs")).get(0);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) run0.get("results");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules =
        (List<Map<String, Object>>)
            ((Map<String, Object>) ((Map<String, Object>) run0.get("tool")).get("driver"))
                .get("rules");
    for (Map<String, Object> r : results) {
      long index = ((Number) r.get("ruleIndex")).longValue();
      assertEquals(r.get("ruleId"), rules.get((int) index).get("id"), "ruleIndex points right");
    }
  }

  @Test
  void merge_shouldCarryNothing_whenTheParentHasNoRunOfThatTool() {
    Map<String, Object> parent =
        log(run("secrets", List.of("github-pat"), List.of(result("github-pat", "A.java", 1))));
    Map<String, Object> current =
        log(
            run(
                "PMD",
                List.of("UnusedLocalVariable"),
                List.of(result("UnusedLocalVariable", "B.java", 2))));

    SarifCarryForward.Merged merged =
        SarifCarryForward.merge(current, JSON.read(JSON.write(parent)), Set.of("A.java"));

    assertEquals(0, merged.carried());
  }

  @Test
  void merge_shouldRefuse_whenTheCurrentLogHasNoRuns() {
    AnalysisException e =
        assertThrows(
            AnalysisException.class,
            () -> SarifCarryForward.merge(Map.of("version", "2.1.0"), Map.of(), Set.of()));
    assertEquals(Reason.ANALYZER_OUTPUT_INVALID, e.reason());
  }
}
