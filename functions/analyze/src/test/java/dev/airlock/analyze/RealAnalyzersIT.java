package dev.airlock.analyze;

import static dev.airlock.analyze.AnalyzeTestBed.failures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real analyzers (the shaded jar of {@code functions/analyzers}) in the real sandbox, end to
 * end: planted secrets and a PMD finding come back as rule ids and locations, never as values.
 */
@ExtendWith(LocalAwsExtension.class)
class RealAnalyzersIT {
  private static AnalyzeTestBed bed;

  static Path analyzersJar() {
    return Path.of(
        System.getProperty("airlock.analyzers.jar", "../analyzers/target/analyzers.jar"));
  }

  @BeforeAll
  static void start(LocalAws aws) {
    assumeTrue(Files.isRegularFile(analyzersJar()), "the analyzers' shaded jar is built");
    bed =
        AnalyzeTestBed.start(
            aws,
            Map.of(
                "airlock.analyze.analyzers-classpath",
                analyzersJar().toAbsolutePath().toString(),
                "airlock.analyze.analyzer-main-class",
                "dev.airlock.analyzers.AnalyzerMain",
                "airlock.analyze.analyzer-heap-mb",
                512,
                "airlock.analyze.analyzer-timeout",
                "150s"));
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void
      handleRequest_shouldReportPlantedSecretsAndPmdFindingsByRuleAndLocationOnly_whenRealAnalyzersRun() {
    String aws = Planted.awsAccessKeyId();
    String github = Planted.githubPat();
    String slack = Planted.slackBotToken();
    String pem = Planted.privateKeyBlock();
    FixtureTree tree =
        FixtureTree.create()
            .file(
                "src/main/java/demo/Config.java",
                "package demo;\n\npublic class Config {\n  private int neverReadSecretSauce;\n\n  public void load() {\n"
                    + "    System.out.println(\"loaded\");\n  }\n}\n")
            .file(
                "config/settings.env",
                "AWS_ACCESS_KEY_ID=" + aws + "\nGITHUB_TOKEN=" + github + "\n")
            .file(
                "ops/notify.sh",
                "curl -H 'Authorization: Bearer " + slack + "' https://slack.com/api\n")
            .file("keys/deploy.pem", pem + "\n");
    String account = bed.newAccount();
    Repo repo = bed.newRepository(tree);
    AnalysisJob job = bed.job(account, repo);

    assertEquals(List.of(), failures(bed.deliverJobs(job)));

    RunRecord run = bed.run(job).orElseThrow();
    assertEquals(RunRecord.Status.COMPLETED, run.status(), "run " + run);
    byte[] sarif = bed.read(account, "result", run.resultKey()).orElseThrow();
    assertEquals(List.of(), SarifSchema.errors(sarif));
    String text = new String(sarif, StandardCharsets.UTF_8);
    @SuppressWarnings("unchecked")
    Map<String, Object> byRule = (Map<String, Object>) run.summary().get("byRule");
    for (String rule :
        List.of("aws-access-token", "github-pat", "slack-bot-token", "private-key")) {
      assertTrue(byRule.containsKey(rule), rule + " in " + byRule);
    }
    assertTrue(
        byRule.keySet().stream().anyMatch(r -> r.equals("UnusedPrivateField")), byRule.toString());
    assertTrue(text.contains("config/settings.env") && text.contains("keys/deploy.pem"));
    assertTrue(text.contains("secretHmacSha256/v1"), "secrets carry a salted fingerprint");
    for (String value : List.of(aws, github, slack, pem.split("\n")[1], "neverReadSecretSauce")) {
      assertFalse(text.contains(value), "a planted value leaked into the result");
      assertFalse(bed.auditText.toString().contains(value));
    }
    assertEquals(List.of(), bed.sandboxesLeft());
  }
}
