package dev.airlock.analyze;

import static dev.airlock.analyze.AnalyzeTestBed.failures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.analyze.port.EntitlementCheck;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.emulators.codehost.TokenStats;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Refusals before any code is read (entitlement, a crypto-shredded account) and the analyzer's
 * wall-clock limit, each with the same guarantees: no token when none is needed, a purge and a
 * receipt whenever a sandbox existed.
 */
@ExtendWith(LocalAwsExtension.class)
class GuardrailsIT {
  private static final Set<String> UNPAID = ConcurrentHashMap.newKeySet();
  private static AnalyzeTestBed bed;

  @BeforeAll
  static void start(LocalAws aws) {
    EntitlementCheck billing =
        (account, privateRepository) -> !(privateRepository && UNPAID.contains(account));
    bed = AnalyzeTestBed.start(aws, Map.of("airlock.analyze.analyzer-timeout", "5s"), billing);
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  private static FixtureTree tree(String probe) {
    return FixtureTree.create().file("probe.properties", probe).file("a.txt", "a\n");
  }

  @Test
  void handleRequest_shouldRefuseWithoutAToken_whenTheAccountIsNotEntitled() {
    String account = bed.newAccount();
    UNPAID.add(account);
    AnalysisJob job = bed.job(account, bed.newRepository(tree("")));
    TokenStats before = bed.host.tokenStats();

    assertEquals(List.of(), failures(bed.deliverJobs(job)));

    RunRecord run = bed.run(job).orElseThrow();
    assertEquals(RunRecord.Status.REFUSED, run.status());
    assertEquals(Reason.NOT_ENTITLED, run.reason());
    assertEquals(before.issued(), bed.host.tokenStats().issued(), "no token, no clone");
    assertEquals(null, run.receiptKey(), "no sandbox was made, so there is nothing to purge");
    assertTrue(bed.sandboxesLeft().isEmpty());
  }

  @Test
  void handleRequest_shouldRefuseWithoutAToken_whenTheAccountWasCryptoShredded() {
    String account = bed.newAccount();
    AnalysisJob job = bed.job(account, bed.newRepository(tree("")));
    String keyId =
        bed.aws.kms().describeKey(r -> r.keyId(TenantKeys.aliasFor(account))).keyMetadata().keyId();
    bed.aws.kms().disableKey(r -> r.keyId(keyId));
    TokenStats before = bed.host.tokenStats();

    assertEquals(List.of(), failures(bed.deliverJobs(job)));

    assertEquals(before.issued(), bed.host.tokenStats().issued());
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
