package dev.airlock.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyzers.secrets.PlantedSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link AnalyzerMain} as the sandbox runs it: a child JVM from the shaded {@code analyzers.jar},
 * with a capped heap, an empty environment and the sandbox directory as working directory.
 */
class AnalyzerMainIT {

  private static final Path JAR = Path.of("target", "analyzers.jar").toAbsolutePath();

  @TempDir static Path sandbox;

  private static final List<String> PLANTED = new ArrayList<>();
  private static TestRepository repo;
  private static Path salt;

  record Child(int exit, String stdout, String stderr) {}

  @BeforeAll
  static void plant() throws IOException {
    String aws = PlantedSecrets.awsAccessKeyId();
    String slack = PlantedSecrets.slackBotToken();
    String generic = PlantedSecrets.genericApiKey();
    PLANTED.addAll(List.of(aws, slack, generic));
    repo =
        TestRepository.in(sandbox)
            .write("deploy/env.sh", "export AWS_ACCESS_KEY_ID=" + aws + "\n")
            .write("bot/config.yml", "slack:\n  token: " + slack + "\n")
            .write("src/main/resources/app.properties", "db.password=" + generic + "\n")
            .write(
                "src/main/java/demo/Demo.java",
                "package demo;\n\npublic class Demo {\n  private int neverReadCounter;\n}\n")
            .symlink("etc-passwd", Path.of("/etc/passwd"));
    salt = sandbox.resolve("salt");
    Files.write(salt, "it-salt-0123456789abcdef0123456789".getBytes(StandardCharsets.US_ASCII));
  }

  private static Child runChild(Path workingDirectory, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(JAR.toString());
    command.add(AnalyzerMain.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
    builder.environment().clear();
    Path stdout = Files.createTempFile(sandbox, "stdout", ".txt");
    Path stderr = Files.createTempFile(sandbox, "stderr", ".txt");
    builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Process process = builder.start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the analyzer child did not finish");
    }
    return new Child(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }

  @Test
  void main_shouldWriteValidSarifAndPrintOnlyTheSummary_whenRunAsAChildJvm() throws Exception {
    Path out = sandbox.resolve("result.sarif");

    Child child =
        runChild(
            sandbox,
            "--root",
            repo.root().toString(),
            "--out",
            out.toString(),
            "--salt-file",
            salt.toString(),
            "--pmd-threads",
            "1");

    assertEquals(AnalyzerMain.EXIT_OK, child.exit(), child.stderr());
    assertEquals("", child.stderr());
    assertTrue(child.stdout().endsWith("\n"));
    assertEquals(1, child.stdout().split("\n").length, "one line on stdout");
    AnalyzerSummary summary = AnalyzerSummary.parse(child.stdout().trim());
    assertEquals(AnalyzerSummary.OK, summary.status());
    assertEquals(1, summary.entriesSkippedNotRegular());
    String sarif = Files.readString(out);
    assertEquals(List.of(), SarifSchema.violations(sarif));
    JsonNode runs = JsonMapper.builder().build().readTree(sarif).path("runs");
    assertEquals(2, runs.size());
    Set<String> secretRules = new HashSet<>();
    runs.get(0).path("results").forEach(r -> secretRules.add(r.path("ruleId").asString()));
    assertEquals(Set.of("aws-access-token", "slack-bot-token", "generic-api-key"), secretRules);
    Set<String> pmdRules = new HashSet<>();
    runs.get(1).path("results").forEach(r -> pmdRules.add(r.path("ruleId").asString()));
    assertTrue(pmdRules.contains("UnusedPrivateField"), pmdRules.toString());
    for (String value : PLANTED) {
      for (String encoded : PlantedSecrets.encodings(value)) {
        assertFalse(sarif.contains(encoded), "SARIF leaks a planted value");
        assertFalse(child.stdout().contains(encoded), "stdout leaks a planted value");
      }
    }
    assertFalse(sarif.contains(sandbox.toString()), "absolute sandbox path in the SARIF");
    assertFalse(child.stdout().contains(sandbox.toString()), "path in the summary");
    assertFalse(sarif.contains("neverReadCounter"), "identifier from the code");
  }

  @Test
  void main_shouldFailPmdAndStillWriteTheLog_whenTheWorkingDirectoryCouldShadowPmdRulesets()
      throws Exception {
    Path hostile = Files.createDirectories(sandbox.resolve("hostile-cwd"));
    Files.createDirectories(hostile.resolve("rulesets/java"));
    Files.writeString(hostile.resolve("rulesets/java/quickstart.xml"), "<ruleset/>");
    Path out = sandbox.resolve("hostile.sarif");

    Child child =
        runChild(
            hostile,
            "--root",
            repo.root().toString(),
            "--out",
            out.toString(),
            "--salt-file",
            salt.toString());

    assertEquals(AnalyzerMain.EXIT_ANALYZER_FAILED, child.exit(), child.stderr());
    AnalyzerSummary summary = AnalyzerSummary.parse(child.stdout().trim());
    assertEquals(AnalyzerSummary.ANALYZER_FAILED, summary.status());
    assertFalse(summary.runs().get(1).executionSuccessful());
    assertTrue(summary.runs().get(0).executionSuccessful());
    assertEquals(List.of(), SarifSchema.violations(Files.readString(out)));
  }

  @Test
  void main_shouldExitWithUsageError_whenRunWithoutArguments() throws Exception {
    Child child = runChild(sandbox);

    assertEquals(AnalyzerMain.EXIT_USAGE, child.exit());
    assertEquals("", child.stdout());
    assertEquals("usage error: --root is required\n", child.stderr());
  }

  @Test
  void shadedJar_shouldBeSelfContainedWithoutAwsSdkOrMicronaut_whenPackaged() throws IOException {
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      Set<String> names = new HashSet<>();
      jar.stream().forEach(e -> names.add(e.getName()));

      assertTrue(names.contains("dev/airlock/analyzers/AnalyzerMain.class"));
      assertTrue(names.contains("gitleaks/gitleaks.toml"));
      assertTrue(names.contains("gitleaks/NOTICE"));
      assertTrue(names.contains("rulesets/java/quickstart.xml"));
      assertTrue(names.contains("tools/jackson/databind/ObjectMapper.class"));
      assertTrue(names.stream().noneMatch(n -> n.startsWith("io/micronaut/")));
      assertTrue(names.stream().noneMatch(n -> n.startsWith("software/amazon/")));
      assertTrue(names.stream().noneMatch(n -> n.startsWith("dev/airlock/core/")));
    }
  }
}
