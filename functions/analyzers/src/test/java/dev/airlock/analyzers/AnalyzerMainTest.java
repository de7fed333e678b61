package dev.airlock.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyzers.secrets.PlantedSecrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The command line, in process: arguments, exit codes, what reaches stdout and stderr. */
class AnalyzerMainTest {

  @TempDir Path dir;

  private TestRepository repo;
  private Path salt;
  private String token;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws IOException {
    token = PlantedSecrets.githubPat();
    repo = TestRepository.in(dir).write("app/config.js", "const t = '" + token + "';\n");
    salt = dir.resolve("salt.bin");
    Files.write(salt, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
  }

  private int run(String... args) {
    return AnalyzerMain.run(
        args,
        new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  private List<String> base(Path out) {
    return new ArrayList<>(
        List.of(
            "--root", repo.root().toString(),
            "--out", out.toString(),
            "--salt-file", salt.toString(),
            "--analyzers", "secrets"));
  }

  private String out() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_shouldWriteSarifAndPrintOnlyTheSummary_whenArgumentsAreValid() throws IOException {
    Path out = dir.resolve("result.sarif");

    int code = run(base(out).toArray(String[]::new));

    assertEquals(AnalyzerMain.EXIT_OK, code, err());
    assertEquals("", err());
    String[] lines = out().split("\n");
    assertEquals(1, lines.length, out());
    AnalyzerSummary summary = AnalyzerSummary.parse(lines[0]);
    assertEquals(AnalyzerSummary.OK, summary.status());
    assertEquals(1, summary.totalResults());
    assertEquals(Files.size(out), summary.sarifBytes());
    String sarif = Files.readString(out);
    assertEquals(List.of(), SarifSchema.violations(sarif));
    for (String encoded : PlantedSecrets.encodings(token)) {
      assertFalse(sarif.contains(encoded));
      assertFalse(out().contains(encoded));
    }
    assertFalse(out().contains(dir.toString()), "no path in the summary");
  }

  @Test
  void run_shouldExitWithUsageAndWriteNothing_whenARequiredOptionIsMissing() {
    int code = run("--root", repo.root().toString());

    assertEquals(AnalyzerMain.EXIT_USAGE, code);
    assertEquals("", out());
    assertEquals("usage error: --out is required\n", err());
  }

  @Test
  void run_shouldRefuse_whenTheOutputOrSaltFileIsInsideTheCheckout() throws IOException {
    Path saltInside = repo.root().resolve("salt.bin");
    Files.copy(salt, saltInside);

    int outInside = run(base(repo.root().resolve("result.sarif")).toArray(String[]::new));
    List<String> args = base(dir.resolve("r.sarif"));
    args.set(5, saltInside.toString());
    int saltIsInside = run(args.toArray(String[]::new));

    assertEquals(AnalyzerMain.EXIT_USAGE, outInside);
    assertEquals(AnalyzerMain.EXIT_USAGE, saltIsInside);
    assertFalse(Files.exists(repo.root().resolve("result.sarif")));
    assertFalse(Files.exists(dir.resolve("r.sarif")));
    assertFalse(err().contains(dir.toString()), "no argument values in errors");
  }

  @Test
  void run_shouldNotWriteThroughALink_whenTheOutputPathIsAnExistingSymlink() throws IOException {
    Path victim = dir.resolve("victim.txt");
    Files.writeString(victim, "keep me");
    Path out = Files.createSymbolicLink(dir.resolve("result.sarif"), victim);

    int code = run(base(out).toArray(String[]::new));

    assertEquals(AnalyzerMain.EXIT_USAGE, code);
    assertEquals("keep me", Files.readString(victim));
  }

  @Test
  void run_shouldRefuseWithoutPrintingIt_whenTheSaltIsTooShort() throws IOException {
    Files.writeString(salt, "short");

    int code = run(base(dir.resolve("r.sarif")).toArray(String[]::new));

    assertEquals(AnalyzerMain.EXIT_USAGE, code);
    assertFalse(err().contains("short"));
    assertFalse(err().contains(salt.toString()));
  }

  @Test
  void run_shouldRefuse_whenAPmdRulesetIsAPathRatherThanABundledRuleset() {
    List<String> args = base(dir.resolve("r.sarif"));
    args.addAll(List.of("--pmd-ruleset", repo.root().resolve("evil.xml").toString()));

    int code = run(args.toArray(String[]::new));

    assertEquals(AnalyzerMain.EXIT_USAGE, code);
    assertTrue(err().contains("bundled with PMD"), err());
  }

  @Test
  void run_shouldWriteTheLogAndExitWithAnalyzerFailure_whenAnAnalyzerFails() throws IOException {
    Path out = dir.resolve("result.sarif");
    List<String> args = base(out);
    args.set(7, "secrets,pmd");
    args.addAll(List.of("--pmd-ruleset", "rulesets/java/does-not-exist.xml"));

    int code = run(args.toArray(String[]::new));

    assertEquals(AnalyzerMain.EXIT_ANALYZER_FAILED, code, err());
    AnalyzerSummary summary = AnalyzerSummary.parse(out().trim());
    assertEquals(AnalyzerSummary.ANALYZER_FAILED, summary.status());
    JsonNode runs = JsonMapper.builder().build().readTree(Files.readString(out)).path("runs");
    assertEquals(2, runs.size());
    assertTrue(runs.get(0).path("invocations").get(0).path("executionSuccessful").asBoolean());
    assertFalse(runs.get(1).path("invocations").get(0).path("executionSuccessful").asBoolean());
    assertEquals(1, runs.get(0).path("results").size(), "the secrets run still reports");
    assertEquals(List.of(), SarifSchema.violations(Files.readString(out)));
  }

  @Test
  void run_shouldExitWithUsage_whenAnOptionIsUnknownOrRepeated() {
    assertEquals(AnalyzerMain.EXIT_USAGE, run("--follow-links", "yes"));
    List<String> twice = base(dir.resolve("r.sarif"));
    twice.addAll(List.of("--analyzers", "pmd"));
    assertEquals(AnalyzerMain.EXIT_USAGE, run(twice.toArray(String[]::new)));
    List<String> badCap = base(dir.resolve("r.sarif"));
    badCap.addAll(List.of("--max-file-bytes", "lots"));
    assertEquals(AnalyzerMain.EXIT_USAGE, run(badCap.toArray(String[]::new)));
  }
}
