package dev.airlock.analyze;

import static dev.airlock.analyze.AnalyzeTestBed.failures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Incremental analysis end to end, with the real analyzers and the local code host: a second push
 * that touches few files gets only those files written and analyzed, and its stored result still
 * holds the parent's findings in the untouched files.
 */
@ExtendWith(LocalAwsExtension.class)
class IncrementalAnalysisIT {
  private static AnalyzeTestBed bed;

  private static final String WITH_FINDING =
      "package demo;\n\npublic class %s {\n  private int neverRead;\n\n  public void run() {\n"
          + "    System.out.println(\"ok\");\n  }\n}\n";
  private static final String CLEAN =
      "package demo;\n\npublic class %s {\n  public void run() {\n"
          + "    System.out.println(\"ok\");\n  }\n}\n";

  @BeforeAll
  static void start(LocalAws aws) {
    assumeTrue(
        Files.isRegularFile(RealAnalyzersIT.analyzersJar()), "the analyzers' shaded jar is built");
    bed =
        AnalyzeTestBed.start(
            aws,
            Map.of(
                "airlock.analyze.analyzers-classpath",
                RealAnalyzersIT.analyzersJar().toAbsolutePath().toString(),
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

  private static FixtureTree tree(String a, String b, String env) {
    FixtureTree t =
        FixtureTree.create()
            .file("src/main/java/demo/A.java", a.formatted("A"))
            .file("src/main/java/demo/B.java", b.formatted("B"))
            .file("config/settings.env", env);
    for (int i = 0; i < 8; i++) {
      t.file("src/main/java/demo/C" + i + ".java", CLEAN.formatted("C" + i));
    }
    return t;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void
      handleRequest_shouldAnalyzeOnlyTheTouchedFilesAndCarryTheRestForward_whenTheParentWasAnalyzed() {
    String aws = Planted.awsAccessKeyId();
    String account = bed.newAccount();
    Repo first = bed.newRepository(tree(WITH_FINDING, CLEAN, "AWS_ACCESS_KEY_ID=" + aws + "\n"));
    AnalysisJob job1 = bed.job(account, first);
    assertEquals(List.of(), failures(bed.deliverJobs(job1)));
    RunRecord run1 = bed.run(job1).orElseThrow();
    assertEquals(RunRecord.Status.COMPLETED, run1.status(), "run " + run1);
    assertNull(run1.summary().get("incremental"), "the first commit has no analyzed parent");
    assertEquals(11L, map(run1.summary().get("files")).get("written"));

    // second push: B gains a finding, nothing else changes
    String second =
        bed.repos.commit(
            first.owner(),
            first.name(),
            tree(WITH_FINDING, WITH_FINDING, "AWS_ACCESS_KEY_ID=" + aws + "\n"),
            "touch B");
    Repo head = new Repo(first.owner(), first.name(), second, first.installationId());
    AnalysisJob job2 = bed.job(account, head);
    assertEquals(List.of(), failures(bed.deliverJobs(job2)));

    RunRecord run2 = bed.run(job2).orElseThrow();
    assertEquals(RunRecord.Status.COMPLETED, run2.status(), "run " + run2);
    Map<String, Object> inc = map(run2.summary().get("incremental"));
    assertEquals(first.sha(), inc.get("baseCommit"));
    assertEquals(1L, inc.get("filesAnalyzed"), "only B.java is written and analyzed");
    assertEquals(10L, inc.get("filesCarried"));
    assertEquals(1L, map(run2.summary().get("files")).get("written"));
    Map<String, Object> byRule = map(run2.summary().get("byRule"));
    assertEquals(2L, byRule.get("UnusedPrivateField"), "A's carried and B's new: " + byRule);
    assertTrue(byRule.containsKey("aws-access-token"), "the untouched secret is carried");

    String text =
        new String(
            bed.read(account, "result", run2.resultKey()).orElseThrow(), StandardCharsets.UTF_8);
    assertEquals(List.of(), SarifSchema.errors(text.getBytes(StandardCharsets.UTF_8)));
    assertTrue(text.contains("demo/A.java") && text.contains("demo/B.java"), text);
    assertTrue(text.contains("config/settings.env"));
    assertFalse(text.contains(aws), "a planted value leaked into the result");

    // third push: A is fixed, so its carried finding must not survive
    String third =
        bed.repos.commit(
            first.owner(),
            first.name(),
            tree(CLEAN, WITH_FINDING, "AWS_ACCESS_KEY_ID=" + aws + "\n"),
            "fix A");
    AnalysisJob job3 =
        bed.job(account, new Repo(first.owner(), first.name(), third, first.installationId()));
    assertEquals(List.of(), failures(bed.deliverJobs(job3)));
    RunRecord run3 = bed.run(job3).orElseThrow();
    assertEquals(RunRecord.Status.COMPLETED, run3.status(), "run " + run3);
    assertEquals(second, map(run3.summary().get("incremental")).get("baseCommit"));
    assertEquals(1L, map(run3.summary().get("byRule")).get("UnusedPrivateField"));
    assertEquals(List.of(), bed.sandboxesLeft());
  }
}
