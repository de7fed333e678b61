package dev.airlock.analyzers.sarif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyzers.SarifSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class SarifScrubberTest {

  private static final SarifScrubber SCRUBBER = new SarifScrubber(SarifLimits.GITHUB);
  private static final Set<String> SOURCE_BEARING =
      Set.of(
          "snippet",
          "contextRegion",
          "codeFlows",
          "threadFlows",
          "state",
          "properties",
          "arguments",
          "fixes",
          "contents",
          "relatedLocations",
          "stacks",
          "logicalLocations",
          "environmentVariables",
          "commandLine",
          "workingDirectory",
          "originalUriBaseIds",
          "markdown");

  static Stream<String> examples() throws IOException {
    try (Stream<Path> files = Files.list(examplesDir())) {
      return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  private static Path examplesDir() {
    return SarifSchema.fixtures().resolve("schemas/sarif/examples-2.1.0");
  }

  private static String example(String name) throws IOException {
    return Files.readString(examplesDir().resolve(name));
  }

  /** Every string (but a URI) found under a source-bearing key, and every result message. */
  private static Set<String> sourceStrings(
      JsonNode node, String key, boolean underSourceKey, Set<String> out) {
    // URIs are kept on purpose: a flow step's file is also the result's file.
    if (node.isString() && underSourceKey && !key.equals("uri")) {
      out.add(node.stringValue());
    }
    if (node.isArray()) {
      node.forEach(child -> sourceStrings(child, key, underSourceKey, out));
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        boolean source = underSourceKey || SOURCE_BEARING.contains(e.getKey());
        sourceStrings(e.getValue(), e.getKey(), source, out);
      }
    }
    return out;
  }

  private static Set<String> sourceStrings(JsonNode log) {
    Set<String> out = sourceStrings(log, "", false, new HashSet<>());
    for (JsonNode run : log.path("runs")) {
      for (JsonNode result : run.path("results")) {
        out.add(result.path("message").path("text").asString(""));
      }
    }
    out.remove("");
    return out;
  }

  private static Set<String> stringValues(JsonNode node, Set<String> out) {
    if (node.isString()) {
      out.add(node.stringValue());
    }
    node.forEach(child -> stringValues(child, out));
    return out;
  }

  private static Set<String> keys(JsonNode node, Set<String> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        out.add(e.getKey());
        keys(e.getValue(), out);
      }
    }
    if (node.isArray()) {
      node.forEach(child -> keys(child, out));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("examples")
  void scrub_shouldKeepTheLogValid_whenGivenAnUpstreamExample(String name) throws IOException {
    SarifScrubber.Outcome outcome = SCRUBBER.scrub(example(name));
    String json = SarifJson.toJson(outcome.log());

    assertEquals(List.of(), SarifSchema.violations(json), name);
    assertEquals(SarifLog.SCHEMA_URI, outcome.log().path("$schema").asString());
  }

  @ParameterizedTest
  @MethodSource("examples")
  void scrub_shouldRemoveEverythingThatCanCarrySource_whenGivenAnUpstreamExample(String name)
      throws IOException {
    JsonNode input = SarifJson.parse(example(name));
    JsonNode output = SCRUBBER.scrub(input).log();

    Set<String> outputKeys = keys(output, new HashSet<>());
    for (String key : SOURCE_BEARING) {
      assertFalse(outputKeys.contains(key), name + " still has " + key);
    }
    Set<String> kept = stringValues(output, new HashSet<>());
    for (String text : sourceStrings(input)) {
      assertFalse(kept.contains(text), name + " still carries: " + text);
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void scrub_shouldChangeNothing_whenAppliedTwice(String name) throws IOException {
    ObjectNode once = SCRUBBER.scrub(example(name)).log();
    ObjectNode twice = SCRUBBER.scrub(once).log();

    assertEquals(once, twice);
  }

  @Test
  void scrub_shouldDropSnippetsCodeFlowsAndCodeQuotingMessages_whenGivenTheCodeFlowExamples()
      throws IOException {
    String badEval =
        SarifJson.toJson(SCRUBBER.scrub(example("bad-eval-with-code-flow.sarif")).log());
    String codeFlows = SarifJson.toJson(SCRUBBER.scrub(example("CodeFlows.sarif")).log());

    assertFalse(badEval.contains("raw_input"));
    assertFalse(badEval.contains("Tracing the path"));
    assertTrue(badEval.contains("\"uri\":\"3-Beyond-basics/bad-eval-with-code-flow.py\""));
    assertTrue(badEval.contains("\"startLine\":8"));
    assertTrue(badEval.contains("Finding reported by rule PY2335."));
    assertFalse(codeFlows.contains("add_core"));
    assertFalse(codeFlows.contains("int* ptr"));
    assertFalse(codeFlows.contains("Variable 'ptr' declared."));
    assertTrue(codeFlows.contains("\"startColumn\":8"));
  }

  @Test
  void scrub_shouldStripAHostileLog_whenItSmugglesSourceAndPathsEverywhere() {
    String secret = "ghp_" + "Q".repeat(36);
    String hostile =
        """
        {"version":"2.1.0","properties":{"leak":"%1$s"},
         "runs":[{
           "tool":{"driver":{"name":"evil","version":"%1$s\\n","properties":{"x":"%1$s"},
             "rules":[{"id":"R1","shortDescription":{"text":"Rule one."},
                       "help":{"text":"%1$s"},"properties":{"tags":["%1$s"]},
                       "messageStrings":{"m":{"text":"%1$s"}}}]}},
           "originalUriBaseIds":{"SRCROOT":{"uri":"file:///sandbox/abc/"}},
           "invocations":[{"executionSuccessful":true,"commandLine":"%1$s",
              "environmentVariables":{"TOKEN":"%1$s"},"workingDirectory":{"uri":"file:///sandbox"},
              "toolExecutionNotifications":[
                {"descriptor":{"id":"airlock/results-truncated"},"message":{"text":"Results truncated: kept 1 of 2 results (limit 1 per run). %1$s"}},
                {"descriptor":{"id":"parse-error"},"message":{"text":"unexpected %1$s"}},
                {"descriptor":{"id":"airlock/pmd-processing-errors"},"message":{"text":"PMD could not analyze 3 files."}}]}],
           "artifacts":[{"location":{"uri":"src/A.java"},"contents":{"text":"%1$s"}}],
           "results":[
             {"ruleId":"R1","message":{"text":"secret is %1$s","arguments":["%1$s"]},
              "locations":[{"physicalLocation":{"artifactLocation":{"index":0},
                 "region":{"startLine":3,"startColumn":5,"endColumn":9,"snippet":{"text":"%1$s"}},
                 "contextRegion":{"startLine":2,"snippet":{"text":"%1$s"}}},
                 "message":{"text":"%1$s"}}],
              "partialFingerprints":{"secretHash":"%1$s","lineHash/v1":"0123456789abcdef0123456789abcdef:1"},
              "fixes":[{"description":{"text":"%1$s"}}],
              "properties":{"v":"%1$s"}},
             {"ruleId":"R1","message":{"text":"x"},"locations":[
              {"physicalLocation":{"artifactLocation":{"uri":"file:///etc/passwd"}}},
              {"physicalLocation":{"artifactLocation":{"uri":"../outside.txt"}}},
              {"physicalLocation":{"artifactLocation":{"uri":"a/%%2e%%2e/%%2E%%2e/b"}}},
              {"physicalLocation":{"artifactLocation":{"uri":"/abs/path"}}},
              {"physicalLocation":{"artifactLocation":{"uri":"C:/win"}}},
              {"physicalLocation":{"artifactLocation":{"uri":"ok/dir/B.java"},"region":{"startLine":0}}}]}
           ]}]}
        """
            .formatted(secret);

    SarifScrubber.Outcome outcome = SCRUBBER.scrub(hostile);
    String json = SarifJson.toJson(outcome.log());

    assertFalse(json.contains(secret), json);
    assertFalse(json.contains("sandbox"));
    assertFalse(json.contains("passwd"));
    assertFalse(json.contains("outside"));
    assertFalse(json.contains("parse-error"));
    assertTrue(json.contains("\"uri\":\"src/A.java\""), "artifact index resolved");
    assertTrue(json.contains("\"uri\":\"ok/dir/B.java\""));
    assertTrue(json.contains("PMD could not analyze 3 files."));
    assertTrue(json.contains("0123456789abcdef0123456789abcdef:1"));
    assertEquals(5, outcome.runs().get(0).locationsDropped());
    assertEquals(2, outcome.runs().get(0).notificationsDropped());
    assertEquals("Rule one.", outcome.log().at("/runs/0/results/0/message/text").asString());
    assertEquals(List.of(), SarifSchema.violations(json));
  }

  @Test
  void scrub_shouldCutResultsWithANote_whenTheGzippedLogIsOverTheSizeLimit() {
    SecureRandom random = new SecureRandom();
    ObjectNode log = SarifJson.object();
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    run.putObject("tool").putObject("driver").put("name", "noisy");
    ArrayNode results = run.putArray("results");
    for (int i = 0; i < 2000; i++) {
      byte[] name = new byte[24];
      random.nextBytes(name);
      ObjectNode result = results.addObject();
      result.put("ruleId", "R");
      result.putObject("message").put("text", "m");
      result
          .putArray("locations")
          .addObject()
          .putObject("physicalLocation")
          .putObject("artifactLocation")
          .put("uri", "src/" + HexFormat.of().formatHex(name) + ".java");
    }
    long limit = 20_000;

    SarifScrubber.Outcome outcome =
        new SarifScrubber(SarifLimits.GITHUB.withMaxGzipBytes(limit)).scrub(log);

    assertTrue(outcome.gzipBytes() <= limit, "size " + outcome.gzipBytes());
    assertEquals(outcome.gzipBytes(), SarifJson.gzipSize(outcome.log()));
    SarifScrubber.RunStats stats = outcome.runs().get(0);
    assertTrue(stats.truncatedBySize() > 0);
    assertEquals(2000, stats.resultsKept() + stats.truncatedBySize());
    String json = SarifJson.toJson(outcome.log());
    assertTrue(json.contains("airlock/size-truncated"));
    assertTrue(
        json.contains(
            "Results truncated to fit the size limit of 20000 gzipped bytes: kept "
                + stats.resultsKept()
                + " of 2000 results."));
    assertEquals(List.of(), SarifSchema.violations(json));
  }

  @Test
  void scrub_shouldYieldAnEmptyValidLog_whenTheInputIsNotJson() {
    SarifScrubber.Outcome outcome = SCRUBBER.scrub("not json {");

    assertEquals(0, outcome.log().path("runs").size());
    assertEquals(List.of(), SarifSchema.violations(SarifJson.toJson(outcome.log())));
  }
}
