package dev.airlock.analyze;

import static dev.airlock.analyze.AnalyzeTestBed.failures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.emulators.codehost.TokenStats;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Refusal of a crypto-shredded account before any code is read (the account is entitled: an {@code
 * active} billing document, so the shredding alone refuses it) and the analyzer's wall-clock limit,
 * each with the same guarantees: no token when none is needed, a purge and a receipt whenever a
 * sandbox existed. Billing refusals are in {@link EntitlementIT}.
 */
@ExtendWith(LocalAwsExtension.class)
class GuardrailsIT {
  private static AnalyzeTestBed bed;

  @BeforeAll
  static void start(LocalAws aws) {
    bed = AnalyzeTestBed.start(aws, Map.of("airlock.analyze.analyzer-timeout", "5s"));
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  private static FixtureTree tree(String probe) {
    return FixtureTree.create().file("probe.properties", probe).file("a.txt", "a\n");
  }

  @Test
  void handleRequest_shouldRefuseWithoutAToken_whenTheAccountWasCryptoShredded() {
    String account = bed.newAccount();
    Repo repo = bed.newRepository(tree(""));
    AnalysisJob job = bed.job(account, repo);
    String keyId =
        bed.aws.kms().describeKey(r -> r.keyId(TenantKeys.aliasFor(account))).keyMetadata().keyId();
    bed.aws.kms().disableKey(r -> r.keyId(keyId));
    TokenStats before = bed.host.tokenStats();

    assertEquals(List.of(), failures(bed.deliverJobs(job)));

    assertEquals(before.issued(), bed.host.tokenStats().issued());
    assertEquals(List.of(), bed.hostRequestsFor(repo), "nothing fetched");
    assertEquals(
        Reason.ACCOUNT_KEY_UNAVAILABLE.code(),
        bed.audits("analysis.refused", job.jobId()).get(0).reason());
    assertTrue(bed.sandboxesLeft().isEmpty());
  }

  @Test
  void handleRequest_shouldKillTheAnalyzerAndStillPurge_whenItOverrunsItsTime() {
    String account = bed.newAccount();
    Repo repo = bed.newRepository(tree("sleepSeconds=120\nsleepMarker=5151.25\n"));
    AnalysisJob job = bed.job(account, repo);

    long start = System.nanoTime();
    assertEquals(List.of(), failures(bed.deliverJobs(job)));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    RunRecord run = bed.run(job).orElseThrow();
    assertEquals(RunRecord.Status.REFUSED, run.status());
    assertEquals(Reason.ANALYZER_TIMEOUT, run.reason());
    assertTrue(seconds < 60, "took " + seconds + " s");
    @SuppressWarnings("unchecked")
    Map<String, Object> analyzer = (Map<String, Object>) run.summary().get("analyzer");
    assertTrue((Long) analyzer.get("processesKilled") >= 2, "summary " + run.summary());
    assertEquals(List.of("analyzer-timeout"), run.summary().get("capsHit"));
    assertTrue(bed.sandboxesLeft().isEmpty());
    assertEquals(true, bed.receipt(account, run.receiptKey()).get("verifiedAbsent"));
    assertTrue(
        ProcessHandle.allProcesses()
            .noneMatch(h -> h.info().commandLine().orElse("").contains("5151.25")));
  }
}
