package dev.airlock.analyze.domain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.SarifSchema;
import dev.airlock.analyze.adapter.json.SerdeJsonCodec;
import dev.airlock.testkit.CanaryScanner;
import dev.airlock.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SarifSanitizerTest {
  private static final SerdeJsonCodec JSON = SerdeJsonCodec.createDefault();
  private static final String ROOT = "/tmp/airlock-sbx-1_2_ab/src";
  private static final Set<String> WRITTEN =
      Set.of("src/App.java", "dir with space/ü.txt", "config/.env");

  /** The parent's catalog for these tests: tool "tool" with r1-r3 and rule-0..rule-199. */
  private static final RuleCatalog CATALOG = catalog();

  private static RuleCatalog catalog() {
    Map<String, RuleCatalog.Rule> rules = new LinkedHashMap<>();
    rules.put("r1", new RuleCatalog.Rule("r1", "R1", "Rule r1", "The catalogued r1.", null));
    rules.put(
        "r2", new RuleCatalog.Rule("r2", null, "Rule r2", null, "https://docs.example/r2?q=x"));
    rules.put(
        "r3",
        new RuleCatalog.Rule(
            "r3",
            null,
            "Rule r3",
            null,
            "https://docs.pmd-code.org/pmd-doc-7.0.0/pmd_rules_java.html#unusedprivatefield"));
    for (int i = 0; i < 200; i++) {
      rules.put("rule-" + i, new RuleCatalog.Rule("rule-" + i, null, "Rule " + i, null, null));
    }
    return RuleCatalog.of(
        List.of(
            new RuleCatalog.Tool("tool", "1.0", "https://tool.example/", rules),
            new RuleCatalog.Tool(
                "ESLint",
                null,
                "https://eslint.org",
                Map.of(
                    "no-unused-vars",
                    new RuleCatalog.Rule(
                        "no-unused-vars",
                        null,
                        "disallow unused variables",
                        null,
                        "https://eslint.org/docs/rules/no-unused-vars")))));
  }

  private static SarifSanitizer sanitizer(int maxResults, long maxGzip) {
    return new SarifSanitizer(maxResults, maxGzip, JSON, CATALOG);
  }

  private static SarifSanitizer.Sanitized sanitize(Object log) {
    return sanitizer(25_000, 10_000_000).sanitize(JSON.write(log), WRITTEN, ROOT);
  }

  private static Map<String, Object> log(
      List<Object> rules, List<Object> results, Map<String, Object> extraRun) {
    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "tool");
    driver.put("version", "1.0");
    driver.put("rules", rules);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("results", results);
    run.putAll(extraRun);
    return Map.of("version", "2.1.0", "runs", List.of(run));
  }

  private static Map<String, Object> rule(String id) {
    return Map.of(
        "id",
        id,
        "shortDescription",
        Map.of("text", "Rule " + id),
        "defaultConfiguration",
        Map.of("level", "error"));
  }

  private static Map<String, Object> result(String ruleId, String uri, Map<String, Object> extra) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ruleId", ruleId);
    r.put("message", Map.of("text", "found"));
    r.put(
        "locations",
        List.of(
            Map.of(
                "physicalLocation",
                Map.of(
                    "artifactLocation",
                    Map.of("uri", uri),
                    "region",
                    Map.of("startLine", 3L, "startColumn", 7L, "endLine", 3L, "endColumn", 12L)))));
    r.putAll(extra);
    return r;
  }

  @Test
  void sanitize_shouldDropEveryFieldThatCanCarrySource_whenTheAnalyzerQuotesCodeEverywhere() {
    String canary = CanaryScanner.newCanary();
    Map<String, Object> q = Map.of("text", canary);
    Map<String, Object> leaky = new LinkedHashMap<>();
    leaky.put("ruleId", "r1");
    leaky.put("message", Map.of("text", canary, "arguments", List.of(canary)));
    leaky.put(
        "locations",
        List.of(
            Map.of(
                "physicalLocation",
                    Map.of(
                        "artifactLocation", Map.of("uri", "src/App.java", "description", q),
                        "region", Map.of("startLine", 1L, "snippet", q, "message", q),
                        "contextRegion", Map.of("startLine", 1L, "snippet", q)),
                "message", q,
                "logicalLocations", List.of(Map.of("name", canary)))));
    leaky.put("properties", Map.of("line", canary));
    leaky.put("codeFlows", List.of(Map.of("message", q)));
    leaky.put("relatedLocations", List.of(Map.of("message", q)));
    leaky.put("fixes", List.of(Map.of("description", q)));
    leaky.put("attachments", List.of(Map.of("description", q)));
    leaky.put(
        "partialFingerprints",
        Map.of("leak", canary, "primaryLocationLineHash", "a1b2c3d4e5f60718:1"));
    leaky.put("fingerprints", Map.of("x", canary));
    Map<String, Object> extraRun = new LinkedHashMap<>();
    extraRun.put(
        "artifacts", List.of(Map.of("location", Map.of("uri", "src/App.java"), "contents", q)));
    extraRun.put("properties", Map.of("source", canary));
    extraRun.put(
        "invocations",
        List.of(
            Map.of(
                "executionSuccessful",
                true,
                "stdout",
                q,
                "commandLine",
                canary,
                "toolExecutionNotifications",
                List.of(
                    Map.of("message", q),
                    Map.of(
                        "descriptor",
                        Map.of("id", "airlock/results-truncated"),
                        "level",
                        "warning",
                        "message",
                        Map.of("text", "kept 10 of 20"))))));
    extraRun.put("originalUriBaseIds", Map.of("SRC", Map.of("uri", "file:///" + canary + "/")));

    SarifSanitizer.Sanitized s =
        sanitize(
            log(
                List.of(rule("r1")),
                List.of(leaky, result("r1", "src/App.java", Map.of())),
                extraRun));

    String out = new String(s.json(), StandardCharsets.UTF_8);
    assertFalse(out.contains(canary), out);
    assertEquals(2, s.results());
    assertTrue(
        out.contains("\"primaryLocationLineHash\":\"a1b2c3d4e5f60718:1\""),
        "a digest-shaped fingerprint stays");
    assertTrue(out.contains("\"text\":\"Rule r1\""), "the message is the rule's description");
    assertTrue(out.contains("airlock/results-truncated"), "the analyzers' own notes stay");
    assertEquals(List.of(), SarifSchema.errors(s.json()));
  }

  @Test
  void sanitize_shouldTakeToolAndRuleTextFromTheCatalog_whenTheLogCarriesItsOwn() {
    String canary = CanaryScanner.newCanary();
    Map<String, Object> leakyRule = new LinkedHashMap<>();
    leakyRule.put("id", "r1");
    leakyRule.put("name", "Leak" + canary);
    leakyRule.put("shortDescription", Map.of("text", "int x = " + canary + ";"));
    leakyRule.put("fullDescription", Map.of("text", canary));
    leakyRule.put("helpUri", "https://docs.example/" + canary);
    leakyRule.put("properties", Map.of("tags", List.of(canary), "precision", "high"));
    leakyRule.put("defaultConfiguration", Map.of("level", "note"));
    Map<String, Object> log =
        log(List.of(leakyRule), List.of(result("r1", "src/App.java", Map.of())), Map.of());
    driver(log).put("version", canary.substring(0, 20));
    driver(log).put("informationUri", "https://tool.example/" + canary);

    SarifSanitizer.Sanitized s = sanitize(log);

    String out = new String(s.json(), StandardCharsets.UTF_8);
    assertFalse(out.contains(canary.substring(0, 20)), out);
    assertEquals(1, s.results());
    assertTrue(out.contains("\"name\":\"R1\""), out);
    assertTrue(out.contains("\"text\":\"The catalogued r1.\""), out);
    assertTrue(out.contains("\"version\":\"1.0\""), out);
    assertTrue(out.contains("\"informationUri\":\"https://tool.example/\""), out);
    assertTrue(out.contains("\"level\":\"note\""), "the log's level, an enumerated value: " + out);
    assertFalse(out.contains("precision"), "rule properties are not kept: " + out);
    assertEquals(List.of(), SarifSchema.errors(s.json()));
  }

  @Test
  void sanitize_shouldDropRunsOfUncataloguedToolsAndUncataloguedRules() {
    Map<String, Object> unknownRule =
        log(
            List.of(rule("r1"), rule("x-not-catalogued")),
            List.of(
                result("x-not-catalogued", "src/App.java", Map.of()),
                result("r1", "src/App.java", Map.of())),
            Map.of());

    SarifSanitizer.Sanitized s = sanitize(unknownRule);
    SarifSanitizer.Sanitized none =
        sanitize(
            log(
                List.of(rule("r1")),
                List.of(result("r1", "src/App.java", Map.of())),
                Map.of("tool", Map.of("driver", Map.of("name", "Imposter", "rules", List.of())))));

    assertEquals(Map.of("r1", 1L), s.byRule());
    assertEquals(1, s.droppedResults());
    assertFalse(new String(s.json(), StandardCharsets.UTF_8).contains("x-not-catalogued"));
    assertEquals(0, none.results());
    assertEquals(1, none.droppedResults(), "the imposter run's result is counted as dropped");
    assertEquals(List.of(), none.runs());
    assertEquals(List.of(), SarifSchema.errors(none.json()));
  }

  @Test
  void sanitize_shouldDropCataloguedLinksWithAQuery_andKeepAPlainAnchor() {
    String out =
        new String(
            sanitize(
                    log(
                        List.of(rule("r1"), rule("r2"), rule("r3")),
                        List.of(
                            result("r2", "src/App.java", Map.of()),
                            result("r3", "src/App.java", Map.of())),
                        Map.of()))
                .json(),
            StandardCharsets.UTF_8);

    assertTrue(out.contains("pmd_rules_java.html#unusedprivatefield"), out);
    assertFalse(out.contains("docs.example/r2?"), out);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> driver(Map<String, Object> log) {
    Map<String, Object> run = (Map<String, Object>) ((List<Object>) log.get("runs")).get(0);
    return (Map<String, Object>) ((Map<String, Object>) run.get("tool")).get("driver");
  }

  @Test
  void sanitize_shouldKeepOnlyResultsOfDeclaredRulesAtWrittenFiles() {
    List<Object> results =
        List.of(
            result("r1", "src/App.java", Map.of()),
            result("r1", "file://" + ROOT + "/src/App.java", Map.of()),
            result("r1", ROOT + "/config/.env", Map.of()),
            result("r1", "dir%20with%20space/%C3%BC.txt", Map.of()),
            result("r1", "./src/App.java", Map.of()),
            result("undeclared", "src/App.java", Map.of()),
            result("r1", "../etc/passwd", Map.of()),
            result("r1", "/etc/passwd", Map.of()),
            result("r1", "src/Other.java", Map.of()),
            result("r1", "https://evil.example/src/App.java", Map.of()),
            result("r1", "src/../src/App.java", Map.of()));

    SarifSanitizer.Sanitized s =
        sanitize(log(List.of(rule("r1"), Map.of("id", "bad id with spaces!")), results, Map.of()));

    assertEquals(5, s.results());
    assertEquals(6, s.droppedResults());
    assertEquals(Map.of("r1", 5L), s.byRule());
    assertEquals(Map.of("error", 5L), s.byLevel(), "the rule's default level");
    String out = new String(s.json(), StandardCharsets.UTF_8);
    assertTrue(out.contains("\"uri\":\"dir%20with%20space/%C3%BC.txt\""), out);
    assertTrue(out.contains("\"uri\":\"config/.env\""));
    assertFalse(out.contains(ROOT), "no sandbox path survives");
    assertEquals(List.of(), SarifSchema.errors(s.json()));
  }

  @Test
  void sanitize_shouldTruncateWithANote_whenOverTheResultLimit() {
    List<Object> results = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      results.add(result("r1", "src/App.java", Map.of()));
    }
    SarifSanitizer.Sanitized s =
        sanitizer(10, 10_000_000)
            .sanitize(JSON.write(log(List.of(rule("r1")), results, Map.of())), WRITTEN, ROOT);

    assertEquals(10, s.results());
    assertTrue(s.truncated());
    assertTrue(
        new String(s.json(), StandardCharsets.UTF_8).contains("Airlock kept 10 of 30 results"));
    assertEquals(List.of(), SarifSchema.errors(s.json()));
  }

  @Test
  void sanitize_shouldTruncateUntilItFits_whenTheGzippedLogIsTooLarge() {
    List<Object> rules = new ArrayList<>();
    List<Object> results = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rules.add(rule("rule-" + i));
    }
    for (int i = 0; i < 2000; i++) {
      results.add(
          result(
              "rule-" + (i % 200),
              "src/App.java",
              Map.of(
                  "partialFingerprints",
                  Map.of(
                      "h",
                      Long.toHexString(Double.doubleToLongBits(Math.random())) + "abcdef12"))));
    }
    SarifSanitizer.Sanitized s =
        sanitizer(25_000, 30_000)
            .sanitize(JSON.write(log(rules, results, Map.of())), WRITTEN, ROOT);

    assertTrue(s.gzipBytes() <= 30_000, "gzip " + s.gzipBytes());
    assertTrue(s.results() < 2000 && s.results() > 0);
    assertTrue(s.truncated());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "{\"version\":\"2.0.0\",\"runs\":[]}",
        "{\"version\":\"2.1.0\"}"
      })
  void sanitize_shouldRefuse_whenTheOutputIsNotASarif21Log(String raw) {
    AnalysisException e =
        assertThrows(
            AnalysisException.class,
            () ->
                sanitizer(10, 10_000)
                    .sanitize(raw.getBytes(StandardCharsets.UTF_8), WRITTEN, ROOT));
    assertEquals(Reason.ANALYZER_OUTPUT_INVALID, e.reason());
  }

  @Test
  void sanitize_shouldReduceAPublishedExampleToRuleAndLocation_whenItQuotesCodeInMessages() {
    byte[] example = Fixtures.bytes("schemas/sarif/examples-2.1.0/simple-example.sarif");

    SarifSanitizer.Sanitized s =
        sanitizer(25_000, 10_000_000)
            .sanitize(
                example,
                Set.of("simple-example.js"),
                "/C:/dev/sarif/sarif-tutorials/samples/Introduction");

    String out = new String(s.json(), StandardCharsets.UTF_8);
    assertEquals(1, s.results());
    assertTrue(out.contains("\"uri\":\"simple-example.js\""), out);
    assertTrue(out.contains("disallow unused variables"));
    assertFalse(out.contains("'x' is assigned"), "the code-quoting message is gone");
    assertFalse(out.contains("Variables"), "rule properties outside the allow-list are gone");
    assertEquals(List.of(), SarifSchema.errors(s.json()));
  }

  @Test
  void relativePath_shouldRefuseSchemesAndEscapes() {
    assertNull(SarifSanitizer.relativePath("javascript:alert(1)", WRITTEN, ROOT));
    assertNull(SarifSanitizer.relativePath("src%2F..%2F..%2Fetc", WRITTEN, ROOT));
    assertNull(SarifSanitizer.relativePath(42L, WRITTEN, ROOT));
    assertEquals("src/App.java", SarifSanitizer.relativePath("src/App.java", WRITTEN, ROOT));
    assertEquals("a%2Bb/c%3Ad%20e", SarifSanitizer.encodePath("a+b/c:d e"));
  }

  // Realistic-looking but fake: shaped like an AWS access key id and a GitHub token.
  private static final String KEY_ID = "AKIAQ3EGRZ7XK2PLM4VB";
  private static final String OTHER_KEY_ID = "AKIAW7N2XJ4Q6RT8ZBCD";
  private static final String GH_TOKEN = "ghp_" + "x7Kq2Lm9Pz4Rt6Vw8Yb1Nc3Df5Gh7Jk9Qs2U";

  private static List<String> uris(SarifSanitizer.Sanitized s) {
    List<String> out = new ArrayList<>();
    for (Object run : (List<?>) s.sarif().get("runs")) {
      for (Object r : (List<?>) ((Map<?, ?>) run).get("results")) {
        for (Object l : (List<?>) ((Map<?, ?>) r).get("locations")) {
          Map<?, ?> physical = (Map<?, ?>) ((Map<?, ?>) l).get("physicalLocation");
          out.add((String) ((Map<?, ?>) physical.get("artifactLocation")).get("uri"));
        }
      }
    }
    return out;
  }

  private static SarifSanitizer.Sanitized sanitizePaths(List<String> paths, PathRedactor redactor) {
    List<Object> results = new ArrayList<>();
    paths.forEach(p -> results.add(result("r1", p, Map.of())));
    return sanitizer(25_000, 10_000_000)
        .sanitize(
            JSON.write(log(List.of(rule("r1")), results, Map.of())),
            Set.copyOf(paths),
            ROOT,
            redactor);
  }

  private static PathRedactor accountRedactor() {
    return PathRedactor.forAccount("0123456789abcdef0123456789abcdef".getBytes(UTF_8));
  }

  @Test
  void
      sanitize_shouldRedactTheFileNameAndKeepDirectoryExtensionAndFinding_whenTheNameHoldsAToken() {
    SarifSanitizer.Sanitized s =
        sanitizePaths(List.of("keys/" + KEY_ID + ".csv"), accountRedactor());

    assertEquals(1, s.results());
    List<String> uris = uris(s);
    assertTrue(uris.get(0).matches("keys/redacted-[0-9a-f]{8}\\.csv"), uris.toString());
    assertFalse(new String(s.json(), UTF_8).contains(KEY_ID));
    assertFalse(new String(s.json(), UTF_8).contains("AKIA"));
  }

  @Test
  void sanitize_shouldRedactTheDirectory_whenADirectoryNameHoldsAToken() {
    SarifSanitizer.Sanitized s =
        sanitizePaths(List.of("vault/" + GH_TOKEN + "/App.java"), accountRedactor());

    assertEquals(1, s.results());
    assertTrue(uris(s).get(0).matches("vault/redacted-[0-9a-f]{8}/App\\.java"), uris(s).toString());
    assertFalse(new String(s.json(), UTF_8).contains(GH_TOKEN));
  }

  @Test
  void sanitize_shouldLeaveThePathUntouched_whenNoSegmentLooksLikeAToken() {
    SarifSanitizer.Sanitized s =
        sanitizePaths(List.of("src/main/java/AKIA/Config-EXAMPLE.java"), accountRedactor());

    assertEquals(List.of("src/main/java/AKIA/Config-EXAMPLE.java"), uris(s));
  }

  @Test
  void sanitize_shouldKeepTwoRedactedNamesDistinct_whenTheyHoldDifferentTokens() {
    PathRedactor redactor = accountRedactor();
    SarifSanitizer.Sanitized s =
        sanitizePaths(
            List.of("keys/" + KEY_ID + ".csv", "keys/" + OTHER_KEY_ID + ".csv"), redactor);

    List<String> uris = uris(s);
    assertEquals(2, uris.size());
    assertNotEquals(uris.get(0), uris.get(1));
    // keyed: the same name under another account's key gets another tag
    String other =
        PathRedactor.forAccount("fedcba9876543210fedcba9876543210".getBytes(UTF_8))
            .redact("keys/" + KEY_ID + ".csv");
    assertNotEquals(redactor.redact("keys/" + KEY_ID + ".csv"), other);
  }

  @Test
  void sanitize_shouldAcceptAStoredRedactedPath_whenAResultIsCarriedForward() {
    PathRedactor redactor = accountRedactor();
    String real = "keys/" + KEY_ID + ".csv";
    String stored = redactor.redact(real);
    List<Object> results = List.of(result("r1", stored, Map.of()));

    SarifSanitizer.Sanitized s =
        sanitizer(25_000, 10_000_000)
            .sanitize(
                JSON.write(log(List.of(rule("r1")), results, Map.of())),
                Set.of(real),
                ROOT,
                redactor);

    assertEquals(List.of(stored), uris(s));
  }
}
