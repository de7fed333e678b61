package dev.airlock.analyze;

import static dev.airlock.analyze.AnalyzeTestBed.failures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.crypto.Digests;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.state.StateKeys;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.emulators.codehost.RequestLogEntry;
import dev.airlock.emulators.codehost.TokenStats;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import dev.airlock.testkit.TestLambdaContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The function end to end on real sockets: a job on the real FIFO queue, the handler invoked with
 * the SQS event built from the received messages, a token minted on the local code host, a depth-1
 * clone, the analyzer (probe) in the sandbox, SARIF sealed in S3 under the tenant key, the token
 * revoked, the sandbox gone and the receipt chained; plus idempotency and partial batch failures.
 */
@ExtendWith(LocalAwsExtension.class)
class AnalyzeHandlerIT {
  private static AnalyzeTestBed bed;

  @BeforeAll
  static void start(LocalAws aws) {
    bed = AnalyzeTestBed.start(aws);
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  private static FixtureTree project() {
    return FixtureTree.create()
        .file("src/main/java/demo/App.java", "package demo;\nclass App { int x = 1; }\n")
        .file("README.md", "# demo\n")
        .file("probe.properties", "parentPid=" + ProcessHandle.current().pid() + "\n");
  }

  @Test
  void
      handleRequest_shouldStoreSealedSchemaValidSarifRevokeTheTokenPurgeAndChainReceipts_whenJobsArrive()
          throws Exception {
    // given: an account, a repository with two commits (the analyzed one is not the tip)
    String account = bed.newAccount();
    Repo repo = bed.newRepository(project());
    String tip =
        bed.repos.commit(
            repo.owner(), repo.name(), Map.of("later.txt", "x".getBytes(StandardCharsets.UTF_8)));
    AnalysisJob first = bed.job(account, repo);
    TokenStats before = bed.host.tokenStats();
    int logBefore = bed.host.requestLog().size();

    // when
    SQSBatchResponse response = bed.deliverJobs(first);

    // then: acknowledged, completed
    assertEquals(List.of(), failures(response));
    RunRecord run = bed.run(first).orElseThrow();
    assertEquals(RunRecord.Status.COMPLETED, run.status(), "run " + run);
    assertNull(run.reason());

    // SARIF sealed under the tenant key, schema-valid, with the probe's observations
    String resultKey = run.resultKey();
    assertTrue(resultKey.startsWith(StateKeys.tenantPrefix(account) + "results/"));
    byte[] stored =
        bed.aws
            .s3()
            .getObjectAsBytes(b -> b.bucket(bed.aws.bucket("StateBucket")).key(resultKey))
            .asByteArray();
    assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("2.1.0"), "stored sealed");
    byte[] sarif = bed.read(account, "result", resultKey).orElseThrow();
    assertEquals(List.of(), SarifSchema.errors(sarif));
    String text = new String(sarif, StandardCharsets.UTF_8);
    assertTrue(text.contains("probe/env.aws/absent"), "the analyzer saw no AWS_* variable");
    assertTrue(text.contains("probe/env.secrets/absent"), "nor any token");
    assertTrue(
        text.contains("\"uri\":\"README.md\"") || text.contains("\"uri\":\"probe.properties\""),
        text);
    @SuppressWarnings("unchecked")
    Map<String, Object> byRule = (Map<String, Object>) run.summary().get("byRule");
    assertTrue(byRule.containsKey("probe/files/3"), "exactly the commit's three files: " + byRule);

    // the token: minted once, scoped, revoked; the clone came from the code host, not the message
    TokenStats after = bed.host.tokenStats();
    assertEquals(before.issued() + 1, after.issued());
    assertEquals(before.revoked() + 1, after.revoked());
    assertEquals(before.active(), after.active());
    List<RequestLogEntry> log =
        bed.host.requestLog().subList(logBefore, bed.host.requestLog().size());
    assertTrue(
        log.stream()
            .anyMatch(
                e ->
                    e.method().equals("POST")
                        && e.path()
                            .equals(
                                "/api/v3/app/installations/"
                                    + repo.installationId()
                                    + "/access_tokens")
                        && e.status() == 201),
        log.toString());
    assertTrue(
        log.stream()
            .anyMatch(
                e ->
                    e.method().equals("DELETE")
                        && e.path().equals("/api/v3/installation/token")
                        && e.status() == 204));
    assertTrue(
        log.stream()
            .anyMatch(
                e -> e.path().startsWith("/" + repo.fullName() + ".git/") && e.status() == 200));
    assertFalse(tip.equals(first.commitSha()));

    // the sandbox is gone and the receipt says so
    assertEquals(List.of(), bed.sandboxesLeft());
    Map<String, Object> receipt = bed.receipt(account, run.receiptKey());
    assertEquals(1L, receipt.get("sequence"));
    assertEquals("0".repeat(64), receipt.get("previousReceiptSha256"));
    assertEquals(first.jobId(), receipt.get("jobId"));
    assertEquals(first.commitSha(), receipt.get("commitSha"));
    assertEquals(repo.fullName(), receipt.get("repository"));
    assertEquals(true, receipt.get("verifiedAbsent"));
    @SuppressWarnings("unchecked")
    Map<String, Object> token = (Map<String, Object>) receipt.get("token");
    assertEquals(
        Map.of("minted", true, "revoked", true, "revocation", "revoked", "revokeStatus", 204L),
        token);
    @SuppressWarnings("unchecked")
    Map<String, Object> checkout = (Map<String, Object>) receipt.get("checkout");
    assertEquals(3L, checkout.get("files"));
    @SuppressWarnings("unchecked")
    Map<String, Object> deleted = (Map<String, Object>) receipt.get("deleted");
    assertTrue((Long) deleted.get("bytes") >= (Long) checkout.get("bytes"));
    assertEquals(1, bed.audits("sandbox.purge", first.jobId()).size());
    assertEquals("succeeded", bed.audits("sandbox.purge", first.jobId()).get(0).outcome());

    // a second commit of the same account chains onto the first receipt
    String second =
        bed.repos.commit(
            repo.owner(), repo.name(), Map.of("b.txt", "y".getBytes(StandardCharsets.UTF_8)));
    AnalysisJob next = withSha(bed.job(account, repo), second);
    assertEquals(List.of(), failures(bed.deliverJobs(next)));
    RunRecord nextRun = bed.run(next).orElseThrow();
    Map<String, Object> nextReceipt = bed.receipt(account, nextRun.receiptKey());
    assertEquals(2L, nextReceipt.get("sequence"));
    assertEquals(
        Digests.sha256Hex(bed.read(account, "receipt", run.receiptKey()).orElseThrow()),
        nextReceipt.get("previousReceiptSha256"));
    assertTrue(tip.length() == 40);
  }

  private static AnalysisJob withSha(AnalysisJob j, String sha) {
    return new AnalysisJob(
        j.version(),
        j.jobId(),
        j.provider(),
        j.deliveryId(),
        j.hookId(),
        j.accountId(),
        j.repository(),
        sha,
        j.ref(),
        j.pullRequest(),
        j.receivedAt());
  }

  @Test
  void handleRequest_shouldAcknowledgeWithoutCloning_whenTheCommitWasAlreadyAnalyzed() {
    String account = bed.newAccount();
    Repo repo = bed.newRepository(project());
    assertEquals(List.of(), failures(bed.deliverJobs(bed.job(account, repo))));
    TokenStats before = bed.host.tokenStats();
    int logBefore = bed.host.requestLog().size();

    // a second delivery for the same commit (e.g. the pull request event after the push)
    AnalysisJob again = bed.job(account, repo, "another-delivery");
    SQSBatchResponse response = bed.deliverJobs(again);

    assertEquals(List.of(), failures(response));
    assertEquals(before.issued(), bed.host.tokenStats().issued(), "no token minted");
    assertEquals(logBefore, bed.host.requestLog().size(), "no request to the code host at all");
    AuditRecord skipped = bed.audits("analysis.skipped", again.jobId()).get(0);
    assertEquals("already-analyzed", skipped.reason());
  }

  @Test
  void handleRequest_shouldReportTheMessageForRetryWithoutCloning_whenAnotherDeliveryHoldsTheRun() {
    String account = bed.newAccount();
    Repo repo = bed.newRepository(project());
    AnalysisJob job = bed.job(account, repo);
    // another invocation claimed the run a moment ago and is still within its lease
    String key = StateKeys.run(account, job.idempotencyKey() + "." + bed.analyzerSetId());
    RunRecord claim =
        RunRecord.running("job-other", 1, Instant.now(), Instant.now().plusSeconds(300));
    assertTrue(bed.documents.create(account, "run", key, bed.json.write(claim.toJson())).written());
    TokenStats before = bed.host.tokenStats();

    String id = bed.enqueue(job);
    SQSBatchResponse response = bed.deliver(List.of(id));

    assertEquals(List.of(id), failures(response));
    assertEquals(before.issued(), bed.host.tokenStats().issued());
    assertEquals(
        Reason.IN_PROGRESS.code(), bed.audits("analysis.deferred", job.jobId()).get(0).reason());
    assertEquals("job-other", bed.run(job).orElseThrow().jobId(), "the other claim stands");
  }

  @Test
  void handleRequest_shouldTakeOverTheRun_whenTheClaimingInvocationWasKilled() {
    String account = bed.newAccount();
    Repo repo = bed.newRepository(project());
    AnalysisJob job = bed.job(account, repo);
    String key = StateKeys.run(account, job.idempotencyKey() + "." + bed.analyzerSetId());
    RunRecord stale =
        RunRecord.running(
            "job-killed", 1, Instant.now().minusSeconds(900), Instant.now().minusSeconds(60));
    assertTrue(bed.documents.create(account, "run", key, bed.json.write(stale.toJson())).written());

    assertEquals(List.of(), failures(bed.deliverJobs(job)));

    RunRecord run = bed.run(job).orElseThrow();
    assertEquals(RunRecord.Status.COMPLETED, run.status());
    assertEquals(2, run.attempt());
    assertEquals(job.jobId(), run.jobId());
  }

  @Test
  void handleRequest_shouldReportExactlyTheFailedMessage_whenTheMiddleOfThreeFails() {
    String account = bed.newAccount();
    AnalysisJob a = bed.job(account, bed.newRepository(project()));
    AnalysisJob c = bed.job(account, bed.newRepository(project()));
    String idA = bed.enqueue(a);
    String idB =
        bed.send(
            "{\"version\":1,\"jobId\":\"not a job", "github:broken/repo", "dedup-" + a.jobId());
    String idC = bed.enqueue(c);

    SQSBatchResponse response = bed.deliver(List.of(idA, idB, idC));

    assertEquals(List.of(idB), failures(response));
    assertEquals(RunRecord.Status.COMPLETED, bed.run(a).orElseThrow().status());
    assertEquals(RunRecord.Status.COMPLETED, bed.run(c).orElseThrow().status());
    assertTrue(
        bed.audits.stream()
            .anyMatch(
                r ->
                    r.action().equals("analysis.rejected")
                        && idB.equals(r.ids().get("messageId"))
                        && "malformed-message".equals(r.reason())));
  }

  @Test
  void handleRequest_shouldReportOnlyThePoisonMessage_whenGivenTheCheckedInBatchEvent() {
    // events/analyze/batch-with-one-poison-message.json: its accounts are not enrolled here, so
    // the two jobs are refused (acknowledged) and only the malformed middle message comes back
    com.amazonaws.services.lambda.runtime.events.SQSEvent event =
        EventFiles.load("batch-with-one-poison-message.json");

    SQSBatchResponse response =
        bed.handler.handleRequest(event, new TestLambdaContext("analyze", 300_000));

    assertEquals(List.of("3b9c3a52-0d0e-4c7b-9a51-5b1f7e3c0002"), failures(response));
    assertEquals(List.of(), bed.sandboxesLeft());
  }

  @Test
  void handleRequest_shouldHoldBackLaterMessagesOfTheSameGroup_whenAnEarlierOneFails() {
    // given: a batch (as Lambda could hand over after a redelivery) with a poison message followed
    // by a valid job of the same repository, and a valid job of another repository
    String account = bed.newAccount();
    AnalysisJob same = bed.job(account, bed.newRepository(project()));
    AnalysisJob other = bed.job(account, bed.newRepository(project()));
    List<String[]> batch =
        List.of(
            new String[] {"m-1", "not json at all", same.messageGroupId()},
            new String[] {
              "m-2", dev.airlock.core.json.Json.writeString(same), same.messageGroupId()
            },
            new String[] {
              "m-3", dev.airlock.core.json.Json.writeString(other), other.messageGroupId()
            });

    SQSBatchResponse response = bed.invoke(batch);

    // then: the group keeps its order (m-2 is not processed and comes back), the other group runs
    assertEquals(List.of("m-1", "m-2"), failures(response));
    assertTrue(bed.run(same).isEmpty(), "m-2 was not processed");
    assertEquals(RunRecord.Status.COMPLETED, bed.run(other).orElseThrow().status());
  }

  @Test
  void handleRequest_shouldRemoveSandboxesLeftByAKilledInvocation_whenItStarts() throws Exception {
    Path leftover = bed.sandboxBase.resolve("airlock-sbx-2147483000_1_0123abcd");
    Files.createDirectories(leftover.resolve("src"));
    Files.writeString(leftover.resolve("src/Code.java"), "class Code {}");
    String account = bed.newAccount();

    assertEquals(
        List.of(), failures(bed.deliverJobs(bed.job(account, bed.newRepository(project())))));

    assertFalse(Files.exists(leftover));
    assertTrue(
        bed.audits.stream()
            .anyMatch(
                r ->
                    r.action().equals("sandbox.purge")
                        && "leftover".equals(r.reason())
                        && leftover.getFileName().toString().equals(r.ids().get("sandbox"))));
  }
}
