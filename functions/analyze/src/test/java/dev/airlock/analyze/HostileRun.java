package dev.airlock.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.core.json.Json;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.emulators.codehost.TokenStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One job of a hostile-repository test, run through the whole analyze path of an {@link
 * AnalyzeTestBed} (queue, token, clone, sandbox, analyzers, purge), and what it left: the batch
 * failures, the run record, the account's receipt, the code host's token counts before and after,
 * and how long the delivery took.
 */
record HostileRun(
    Repo repo,
    AnalysisJob job,
    String messageId,
    List<String> failures,
    RunRecord run,
    Map<String, Object> receipt,
    TokenStats before,
    TokenStats after,
    Duration took) {

  /** Enqueues a job for {@code repo} under a new account and delivers it once. */
  static HostileRun analyze(AnalyzeTestBed bed, Repo repo) {
    String account = bed.newAccount();
    AnalysisJob job = bed.job(account, repo);
    TokenStats before = bed.host.tokenStats();
    String id = bed.enqueue(job);
    long t = System.nanoTime();
    List<String> failed = new ArrayList<>(AnalyzeTestBed.failures(bed.deliver(List.of(id))));
    Duration took = Duration.ofNanos(System.nanoTime() - t);
    TokenStats after = bed.host.tokenStats();
    RunRecord run = bed.run(job).orElseThrow();
    return new HostileRun(
        repo, job, id, failed, run, bed.receipt(account, run.receiptKey()), before, after, took);
  }

  /**
   * The same job delivered once more, as SQS does after a failure was reported (the message comes
   * back: same message id, same body); what that delivery left.
   */
  HostileRun again(AnalyzeTestBed bed) {
    TokenStats before2 = bed.host.tokenStats();
    long t = System.nanoTime();
    List<String> failed =
        new ArrayList<>(
            AnalyzeTestBed.failures(
                bed.invoke(
                    List.<String[]>of(
                        new String[] {messageId, Json.writeString(job), job.messageGroupId()}))));
    Duration took2 = Duration.ofNanos(System.nanoTime() - t);
    TokenStats after2 = bed.host.tokenStats();
    RunRecord run2 = bed.run(job).orElseThrow();
    return new HostileRun(
        repo,
        job,
        messageId,
        failed,
        run2,
        bed.receipt(job.accountId(), run2.receiptKey()),
        before2,
        after2,
        took2);
  }

  /**
   * Refused with {@code reason}: final (acknowledged, not retried), nothing written, the sandbox
   * purged and the token revoked, within {@code within} (so a cap stopped it, not the clock).
   */
  void assertRefused(AnalyzeTestBed bed, Reason reason, Duration within) {
    assertEquals(List.of(), failures, "a refusal is final: acknowledged; " + run);
    assertEquals(RunRecord.Status.REFUSED, run.status(), "run " + run);
    assertEquals(reason, run.reason());
    assertNull(run.resultKey());
    @SuppressWarnings("unchecked")
    Map<String, Object> checkout = (Map<String, Object>) receipt.get("checkout");
    assertEquals(0L, checkout.get("files"), "refused before anything was written");
    assertEquals(reason.code(), receipt.get("reason"));
    assertPurged(bed, "refused");
    assertTrue(took.compareTo(within) < 0, "refused by a cap, not by the clock: " + took);
  }

  /** No sandbox left, the receipt says it was verified absent, and the one token was revoked. */
  void assertPurged(AnalyzeTestBed bed, String outcome) {
    assertEquals(List.of(), bed.sandboxesLeft(), "sandbox purged");
    assertEquals(true, receipt.get("verifiedAbsent"));
    assertEquals(outcome, receipt.get("outcome"));
    @SuppressWarnings("unchecked")
    Map<String, Object> token = (Map<String, Object>) receipt.get("token");
    assertEquals("revoked", token.get("revocation"));
    assertEquals(before.revoked() + 1, after.revoked());
  }
}
