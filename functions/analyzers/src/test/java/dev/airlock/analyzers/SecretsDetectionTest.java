package dev.airlock.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyzers.sarif.SarifLimits;
import dev.airlock.analyzers.sarif.SarifScrubber;
import dev.airlock.analyzers.secrets.PlantedSecrets;
import dev.airlock.analyzers.secrets.SecretsAnalyzer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The secrets analyzer over a generated repository with one planted secret per rule family. */
class SecretsDetectionTest {

  @TempDir static Path dir;

  private static final Map<String, String> PLANTED = new LinkedHashMap<>();
  private static final List<String> ALLOWLISTED = new ArrayList<>();
  private static AnalyzerReport report;
  private static JsonNode sarif;

  @BeforeAll
  static void analyze() throws Exception {
    PLANTED.put("aws-access-token", PlantedSecrets.awsAccessKeyId());
    PLANTED.put("github-pat", PlantedSecrets.githubPat());
    PLANTED.put("github-app-token", PlantedSecrets.githubAppToken());
    PLANTED.put("gitlab-pat", PlantedSecrets.gitlabPat());
    PLANTED.put("stripe-access-token", PlantedSecrets.stripeSecretKey());
    PLANTED.put("slack-bot-token", PlantedSecrets.slackBotToken());
    PLANTED.put("slack-webhook-url", PlantedSecrets.slackWebhookUrl());
    PLANTED.put("private-key", PlantedSecrets.privateKeyBlock());
    PLANTED.put("generic-api-key", PlantedSecrets.genericApiKey());
    String allowlistedPathToken = PlantedSecrets.githubPat();
    String markedToken = PlantedSecrets.gitlabPat();
    ALLOWLISTED.addAll(List.of(allowlistedPathToken, markedToken));

    TestRepository.in(dir)
        .write(
            "deploy/aws.sh",
            "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=" + PLANTED.get("aws-access-token") + "\n")
        .write("src/github.js", "const gh = '" + PLANTED.get("github-pat") + "';\n")
        .write(
            "src/app/Token.java",
            "class T { String s = \"" + PLANTED.get("github-app-token") + "\"; }\n")
        .write("ci/.gitlab-ci.yml", "variables:\n  GL: " + PLANTED.get("gitlab-pat") + "\n")
        .write(
            "payments/stripe.py",
            "stripe.api_key = \"" + PLANTED.get("stripe-access-token") + "\"\n")
        .write("chat/bot.rb", "BOT = \"" + PLANTED.get("slack-bot-token") + "\"\n")
        .write("chat/hook.txt", "post to " + PLANTED.get("slack-webhook-url") + "\n")
        .write("keys/id_rsa", PLANTED.get("private-key") + "\n")
        .write("config/app.properties", "client_secret=" + PLANTED.get("generic-api-key") + "\n")
        // The rule file's own allowlisted examples: never reported.
        .write(
            "docs/examples.md",
            String.join(
                "\n",
                "AWS example key AKIAIOSFODNN7EXAMPLE",
                "password = \"abcdefghijklmnopqrstuvwxyz\"",
                "secret: ${SECRET_FROM_ENV}",
                "token = \"" + markedToken + "\" # gitleaks:allow",
                ""))
        .write(
            "node_modules/left-pad/index.js", "module.exports = '" + allowlistedPathToken + "';\n")
        .write("README.md", "# demo\nNothing secret here.\n");

    report =
        Analyzers.run(
            AnalyzerRequest.builder(dir.resolve("checkout"), TestRepository.salt())
                .analyzers(Set.of(AnalyzerKind.SECRETS))
                .build());
    sarif = JsonMapper.builder().build().readTree(report.sarifJson());
  }

  private static List<JsonNode> results() {
    List<JsonNode> out = new ArrayList<>();
    sarif.path("runs").get(0).path("results").forEach(out::add);
    return out;
  }

  @Test
  void run_shouldFindOneSecretPerRuleFamily_whenSecretsArePlanted() {
    Set<String> found = new TreeSet<>();
    results().forEach(r -> found.add(r.path("ruleId").asString()));

    assertEquals(new TreeSet<>(PLANTED.keySet()), found);
    assertEquals(PLANTED.size(), results().size(), report.sarifJson());
    assertEquals(
        SecretsAnalyzer.TOOL_NAME,
        sarif.path("runs").get(0).path("tool").path("driver").path("name").asString());
  }

  @Test
  void run_shouldLocateEachSecretByRelativePathLineAndColumns_whenFound() {
    Map<String, JsonNode> byRule = new LinkedHashMap<>();
    results().forEach(r -> byRule.put(r.path("ruleId").asString(), r));
    JsonNode github = byRule.get("github-pat").path("locations").get(0).path("physicalLocation");
    JsonNode key = byRule.get("private-key").path("locations").get(0).path("physicalLocation");

    assertEquals("src/github.js", github.path("artifactLocation").path("uri").asString());
    assertEquals("SRCROOT", github.path("artifactLocation").path("uriBaseId").asString());
    assertEquals(1, github.path("region").path("startLine").asInt());
    assertEquals(13, github.path("region").path("startColumn").asInt());
    assertEquals(13 + 40, github.path("region").path("endColumn").asInt());
    assertEquals("keys/id_rsa", key.path("artifactLocation").path("uri").asString());
    assertEquals(1, key.path("region").path("startLine").asInt());
    assertTrue(key.path("region").path("endLine").asInt() > 5, "a key block spans lines");
  }

  @Test
  void run_shouldCarryAKeyedFingerprintPerSecret_whenFound() {
    Set<String> fingerprints = new HashSet<>();
    for (JsonNode result : results()) {
      String fingerprint =
          result.path("partialFingerprints").path(SecretsAnalyzer.FINGERPRINT_KEY).asString();
      assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);
      fingerprints.add(fingerprint);
    }
    String aws = PLANTED.get("aws-access-token");

    assertEquals(PLANTED.size(), fingerprints.size());
    assertTrue(fingerprints.contains(TestRepository.salt().fingerprint(aws)));
  }

  @Test
  void run_shouldNeverOutputAPlantedValue_whenSearchingTheSarifAndTheSummary() {
    String summary = report.summary().toJson();
    List<String> values = new ArrayList<>(PLANTED.values());
    values.addAll(ALLOWLISTED);
    // The key block's lines, each on its own.
    values.addAll(
        Arrays.stream(PLANTED.get("private-key").split("\n"))
            .filter(l -> !l.startsWith("-"))
            .toList());
    for (String value : values) {
      for (String encoded : PlantedSecrets.encodings(value)) {
        assertFalse(report.sarifJson().contains(encoded), "SARIF leaks a planted value");
        assertFalse(summary.contains(encoded), "summary leaks a planted value");
      }
    }
    assertFalse(report.sarifJson().contains("snippet"));
    assertFalse(report.sarifJson().contains(dir.toString()), "no absolute sandbox path");
  }

  @Test
  void run_shouldWriteSchemaValidSarif_whenSecretsAreFound() {
    assertEquals(List.of(), SarifSchema.violations(report.sarifJson()));
    assertEquals("2.1.0", sarif.path("version").asString());
  }

  @Test
  void run_shouldWriteWhatTheScrubberKeepsUnchanged_whenScrubbedAgainByTheParent() {
    SarifScrubber.Outcome again = new SarifScrubber(SarifLimits.GITHUB).scrub(report.sarifJson());

    assertEquals(sarif, again.log());
  }

  @Test
  void run_shouldUseTheRulesDescriptionAsMessage_whenReportingAFinding() {
    for (JsonNode result : results()) {
      String message = result.path("message").path("text").asString();
      int index = result.path("ruleIndex").asInt();
      JsonNode rule =
          sarif.path("runs").get(0).path("tool").path("driver").path("rules").get(index);
      assertEquals(result.path("ruleId").asString(), rule.path("id").asString());
      assertEquals(rule.path("shortDescription").path("text").asString(), message);
    }
  }

  @Test
  void run_shouldCountFilesAndResults_whenSummarised() {
    RunSummary run = report.summary().runs().get(0);

    assertEquals(AnalyzerSummary.OK, report.summary().status());
    assertEquals("secrets", run.analyzer());
    assertEquals(PLANTED.size(), run.results());
    assertEquals(12, report.summary().filesListed());
    assertEquals(222L, run.counters().get("rulesLoaded"));
    assertEquals(0L, run.counters().get("rulesSkipped"));
  }
}
