package dev.airlock.analyze.domain;

import dev.airlock.analyze.port.EntitlementCheck;
import dev.airlock.analyze.port.FingerprintSalts;
import dev.airlock.analyze.port.JsonCodec;
import dev.airlock.analyze.port.PurgeReceipts;
import dev.airlock.analyze.port.PurgeReceipts.ReceiptRef;
import dev.airlock.analyze.port.RepositoryCheckout;
import dev.airlock.analyze.port.ResultStore;
import dev.airlock.analyze.port.ResultStore.StoredRun;
import dev.airlock.analyze.port.Sandbox;
import dev.airlock.analyze.port.TokenMinter;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.message.Provider;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checkout-and-analyze for one job: claim the run (idempotency), check the entitlement, mint a
 * token for exactly the one repository, fetch and check out the one commit into a fresh sandbox,
 * revoke the token, run the analyzers in an isolated process, keep only sanitized SARIF (sealed
 * under the account's key) and, whatever happened, purge the sandbox and append a purge receipt to
 * the account's hash chain. Every step is audited with identifiers only.
 *
 * <p>The token is revoked as soon as the checkout is done, whether it succeeded or not. The sandbox
 * is purged in a {@code finally}, so a refused tree, an analyzer timeout or an unexpected exception
 * still purges and still writes a receipt. A purge failure is audited as {@code
 * sandbox.purge}/{@code failed}, which the template alarms on.
 */
public final class AnalysisService {

  private static final Set<Reason> CAP_REASONS =
      Set.of(
          Reason.REPOSITORY_TOO_LARGE,
          Reason.TOO_MANY_FILES,
          Reason.PATH_TOO_DEEP,
          Reason.PATH_TOO_LONG,
          Reason.CLONE_TIMEOUT,
          Reason.CLONE_TIMEOUT_REPEATED,
          Reason.ANALYZER_TIMEOUT);
  private static final Duration MIN_ANALYZER_TIME = Duration.ofSeconds(2);

  /**
   * The analyzers' exit code for "an analyzer failed, the log is written with that run marked
   * failed" (their README): the other runs' results are kept and the summary says so.
   */
  static final int ANALYZER_PARTIAL_EXIT = 3;

  private final AnalysisSettings settings;
  private final CloneUrlPolicy cloneUrls;
  private final Map<Provider, TokenMinter> minters;
  private final RepositoryCheckout checkout;
  private final Sandbox sandbox;
  private final SarifSanitizer sanitizer;
  private final JsonCodec json;
  private final ResultStore results;
  private final PurgeReceipts receipts;
  private final FingerprintSalts salts;
  private final EntitlementCheck entitlements;
  private final AuditLog audit;
  private final Clock clock;

  public AnalysisService(
      AnalysisSettings settings,
      CloneUrlPolicy cloneUrls,
      Map<Provider, TokenMinter> minters,
      RepositoryCheckout checkout,
      Sandbox sandbox,
      SarifSanitizer sanitizer,
      JsonCodec json,
      ResultStore results,
      PurgeReceipts receipts,
      FingerprintSalts salts,
      EntitlementCheck entitlements,
      AuditLog audit,
      Clock clock) {
    this.settings = settings;
    this.cloneUrls = cloneUrls;
    this.minters = minters.isEmpty() ? Map.of() : new EnumMap<>(minters);
    this.checkout = checkout;
    this.sandbox = sandbox;
    this.sanitizer = sanitizer;
    this.json = json;
    this.results = results;
    this.receipts = receipts;
    this.salts = salts;
    this.entitlements = entitlements;
    this.audit = audit;
    this.clock = clock;
  }

  /** The run record key of {@code job} under this analyzer set. */
  public String runKey(AnalysisJob job) {
    return StateKeys.run(job.accountId(), job.idempotencyKey() + "." + settings.analyzerSetId());
  }

  /** The result key of {@code job} under this analyzer set. */
  public String resultKey(AnalysisJob job) {
    return StateKeys.result(
        job.accountId(),
        StateKeys.repositoryHash(job.provider().wireName(), job.repository().fullName()),
        job.commitSha(),
        settings.analyzerSetId());
  }

  /**
   * Processes one job.
   *
   * @param deadline when the invocation ends (the purge reserve is kept back from it)
   */
  public JobOutcome process(AnalysisJob job, Instant deadline) {
    Map<String, String> ids = ids(job);
    audit("analysis.started", "accepted", null, ids);
    Instant now = clock.instant();
    if (!deadline.isAfter(now.plus(settings.purgeReserve()).plus(MIN_ANALYZER_TIME))) {
      audit("analysis.deferred", "failed", Reason.DEADLINE_EXCEEDED.code(), ids);
      return new JobOutcome.Retry(Reason.DEADLINE_EXCEEDED);
    }
    String runKey = runKey(job);
    Claim claim;
    try {
      claim = claim(job, runKey, now);
    } catch (KeyUnavailableException e) {
      audit("analysis.refused", "rejected", Reason.ACCOUNT_KEY_UNAVAILABLE.code(), ids);
      return new JobOutcome.Refused(Reason.ACCOUNT_KEY_UNAVAILABLE);
    } catch (StateStoreException | IllegalArgumentException e) {
      audit("analysis.failed", "failed", Reason.STATE_STORE_FAILED.code(), ids);
      return new JobOutcome.Retry(Reason.STATE_STORE_FAILED);
    }
    if (claim.settled) {
      audit("analysis.skipped", "ignored", "already-analyzed", ids);
      return new JobOutcome.Skipped("already-analyzed");
    }
    if (claim.etag == null) {
      audit("analysis.deferred", "failed", Reason.IN_PROGRESS.code(), ids);
      return new JobOutcome.Retry(Reason.IN_PROGRESS);
    }
    return new Attempt(job, ids, runKey, claim.record, claim.etag, claim.previous, deadline).run();
  }

  /**
   * Outcome of claiming the run: settled, busy (etag null) or claimed (etag of our record); {@code
   * previous}: the failed attempt this one took over (null for the first).
   */
  private record Claim(boolean settled, RunRecord record, String etag, RunRecord previous) {
    Claim(boolean settled, RunRecord record, String etag) {
      this(settled, record, etag, null);
    }
  }

  private Claim claim(AnalysisJob job, String runKey, Instant now) {
    String account = job.accountId();
    Instant lease = now.plus(settings.runLease());
    Optional<StoredRun> existing = results.findRun(account, runKey);
    if (existing.isEmpty()) {
      RunRecord mine = RunRecord.running(job.jobId(), 1, now, lease);
      Optional<String> etag = results.createRun(account, runKey, mine);
      if (etag.isPresent()) {
        return new Claim(false, mine, etag.get());
      }
      existing = results.findRun(account, runKey);
      if (existing.isEmpty()) {
        return new Claim(false, null, null);
      }
    }
    RunRecord current = existing.get().record();
    if (current.settled()) {
      return new Claim(true, current, null);
    }
    if (current.claimedAt(now)) {
      return new Claim(false, current, null);
    }
    // A failed attempt, or a claim whose lease ran out (its invocation was killed): take over.
    RunRecord mine = RunRecord.running(job.jobId(), current.attempt() + 1, now, lease);
    Optional<String> etag = results.replaceRun(account, runKey, mine, existing.get().etag());
    return new Claim(false, mine, etag.orElse(null), current);
  }

  /** One claimed attempt; holds what the receipt and the run summary report. */
  private final class Attempt {
    final AnalysisJob job;
    final Map<String, String> ids;
    final String runKey;
    final RunRecord claimed;
    final String etag;
    final RunRecord previous;
    final Instant deadline;
    final Instant startedAt = clock.instant();
    final long start = System.nanoTime();
    final Map<String, Long> timings = new LinkedHashMap<>();
    Workspace workspace;
    boolean tokenMinted;
    Revocation revocation = Revocation.notAttempted();
    CheckoutReport checkoutReport;
    AnalyzerRun analyzerRun;
    SarifSanitizer.Sanitized sanitized;
    String resultKey;
    PurgeReport purge;
    ReceiptRef receipt;
    Reason failure;
    String baselineCommit;
    byte[] baselineSarif;
    long resultsCarried;

    Attempt(
        AnalysisJob job,
        Map<String, String> ids,
        String runKey,
        RunRecord claimed,
        String etag,
        RunRecord previous,
        Instant deadline) {
      this.job = job;
      this.ids = ids;
      this.runKey = runKey;
      this.claimed = claimed;
      this.etag = etag;
      this.previous = previous;
      this.deadline = deadline;
    }

    JobOutcome run() {
      try {
        analyze();
      } catch (AnalysisException e) {
        failure = afterPrevious(e.reason());
      } catch (KeyUnavailableException e) {
        failure = Reason.ACCOUNT_KEY_UNAVAILABLE;
      } catch (StateStoreException e) {
        failure = Reason.STATE_STORE_FAILED;
      } catch (RuntimeException e) {
        failure = Reason.INTERNAL_ERROR;
        Map<String, String> withType = new LinkedHashMap<>(ids);
        withType.put("exception", e.getClass().getName());
        audit("analysis.error", "failed", Reason.INTERNAL_ERROR.code(), withType);
      } finally {
        purgeAndReceipt();
      }
      return finish();
    }

    private void analyze() {
      String account = job.accountId();
      if (!entitlements.mayAnalyze(account, job.repository().privateRepo())) {
        throw new AnalysisException(Reason.NOT_ENTITLED);
      }
      RepositoryTarget target = cloneUrls.target(job);
      TokenMinter minter = minters.get(job.provider());
      if (minter == null) {
        throw new AnalysisException(Reason.PROVIDER_NOT_CONFIGURED);
      }
      byte[] salt = salts.saltFor(account);

      workspace = sandbox.create(job.jobId());
      Map<String, String> sandboxIds = new LinkedHashMap<>(ids);
      sandboxIds.put("sandbox", workspace.name());
      audit("sandbox.created", "succeeded", null, sandboxIds);

      Instant cloneDeadline = min(clock.instant().plus(settings.caps().cloneTimeout()), usable());
      long t = System.nanoTime();
      AccessToken token = minter.mint(target, job.hookId());
      tokenMinted = true;
      timings.put("tokenMillis", millisSince(t));
      audit("token.minted", "succeeded", null, ids);
      try {
        t = System.nanoTime();
        checkoutReport =
            checkout.checkout(
                target,
                job.commitSha(),
                token,
                workspace,
                new CheckoutRules(settings.caps()),
                cloneDeadline,
                this::baselineUsable);
        timings.put("checkoutMillis", millisSince(t));
      } finally {
        revocation = minter.revoke(token);
        audit(
            "token.revoked",
            revocation.revoked() ? "succeeded" : "failed",
            revocation.revoked() ? null : revocation.outcome(),
            ids);
      }
      audit("checkout.completed", "succeeded", null, ids);

      Duration left = Duration.between(clock.instant(), usable());
      Duration timeout = min(settings.caps().analyzerTimeout(), left);
      if (timeout.compareTo(MIN_ANALYZER_TIME) < 0) {
        throw new AnalysisException(Reason.DEADLINE_EXCEEDED);
      }
      t = System.nanoTime();
      analyzerRun =
          sandbox.run(
              workspace,
              new AnalyzerInvocation(
                  settings.analyzers(),
                  settings.caps().maxFileBytes(),
                  settings.caps().maxResultsPerRun(),
                  settings.caps().maxSarifGzipBytes(),
                  timeout,
                  salt));
      timings.put("analyzeMillis", millisSince(t));
      if (analyzerRun.timedOut()) {
        throw new AnalysisException(Reason.ANALYZER_TIMEOUT);
      }
      if (analyzerRun.exitCode() != 0 && analyzerRun.exitCode() != ANALYZER_PARTIAL_EXIT) {
        throw new AnalysisException(Reason.ANALYZER_FAILED);
      }
      if (analyzerRun.sarif() == null || analyzerRun.sarifTooLarge()) {
        throw new AnalysisException(Reason.ANALYZER_OUTPUT_INVALID);
      }
      String sourceRoot = workspace.sourceDir().toAbsolutePath().toString();
      // keyed by the account's salt, which is never stored with a result: a token in a file name
      // is stored as a marker that stays the same for the same name across this account's commits
      PathRedactor redactor = PathRedactor.forAccount(salt);
      sanitized =
          sanitizer.sanitize(
              analyzerRun.sarif(), checkoutReport.writtenPaths(), sourceRoot, redactor);
      if (checkoutReport.incremental()) {
        // only the changed files were analyzed: the parent's results for the others still hold
        // (every analyzer is per file), so they are carried into this commit's log, which is then
        // sanitized again as a whole (paths, limits, counts)
        SarifCarryForward.Merged merged =
            SarifCarryForward.merge(
                sanitized.sarif(),
                json.read(baselineSarif),
                redactor.redactAll(checkoutReport.unchangedPaths()));
        resultsCarried = merged.carried();
        Set<String> all = new HashSet<>(checkoutReport.writtenPaths());
        all.addAll(checkoutReport.unchangedPaths());
        sanitized = sanitizer.sanitize(json.write(merged.log()), all, sourceRoot, redactor);
      }
      t = System.nanoTime();
      resultKey = resultKey(job);
      results.storeResult(account, resultKey, sanitized.json());
      timings.put("storeMillis", millisSince(t));
      audit("result.stored", "succeeded", null, ids);
    }

    /**
     * Whether the parent commit's analysis can be carried forward: completed by this analyzer set,
     * its result stored and neither truncated nor missing an analyzer's run. Reads (and keeps) that
     * result, so the checkout writes only changed files only if the merge can happen.
     */
    private boolean baselineUsable(String parentSha) {
      try {
        AnalysisJob parent =
            new AnalysisJob(
                job.version(),
                job.jobId(),
                job.provider(),
                job.deliveryId(),
                job.hookId(),
                job.accountId(),
                job.repository(),
                parentSha,
                job.ref(),
                job.pullRequest(),
                job.receivedAt());
        Optional<StoredRun> run = results.findRun(job.accountId(), runKey(parent));
        if (run.isEmpty() || !run.get().record().carriesForward()) {
          return false;
        }
        Optional<byte[]> sarif =
            results.readResult(job.accountId(), run.get().record().resultKey());
        if (sarif.isEmpty()) {
          return false;
        }
        baselineCommit = parentSha;
        baselineSarif = sarif.get();
        return true;
      } catch (RuntimeException e) {
        // no baseline is never an error: the commit is analyzed in full
        return false;
      }
    }

    private Instant usable() {
      return deadline.minus(settings.purgeReserve());
    }

    private void purgeAndReceipt() {
      if (workspace == null) {
        return;
      }
      Map<String, String> sandboxIds = new LinkedHashMap<>(ids);
      sandboxIds.put("sandbox", workspace.name());
      try {
        purge = sandbox.purge(workspace);
      } catch (RuntimeException e) {
        purge = new PurgeReport(0, 0, 0, false, "purge-error");
      }
      audit(
          "sandbox.purge",
          purge.succeeded() ? "succeeded" : "failed",
          purge.succeeded() ? null : purge.failure() == null ? "not-absent" : purge.failure(),
          sandboxIds);
      try {
        receipt = receipts.append(job.accountId(), receiptFields());
        Map<String, String> receiptIds = new LinkedHashMap<>(ids);
        receiptIds.put("receipt", receipt.key());
        audit("receipt.written", "succeeded", null, receiptIds);
      } catch (RuntimeException e) {
        audit("receipt.written", "failed", Reason.STATE_STORE_FAILED.code(), ids);
      }
    }

    /**
     * A second clone timeout in a row is not retried: the first may be a slow host, the second
     * stops spending checkouts on the commit (two, not {@code maxReceiveCount}).
     */
    private Reason afterPrevious(Reason reason) {
      if (reason == Reason.CLONE_TIMEOUT
          && previous != null
          && previous.status() == RunRecord.Status.FAILED
          && previous.reason() == Reason.CLONE_TIMEOUT) {
        return Reason.CLONE_TIMEOUT_REPEATED;
      }
      return reason;
    }

    private JobOutcome finish() {
      if (workspace != null && receipt == null && (failure == null || !failure.retriable())) {
        // a run without its receipt is not done: retry it (a new sandbox, a new receipt)
        failure = Reason.STATE_STORE_FAILED;
      }
      RunRecord.Status status =
          failure == null
              ? RunRecord.Status.COMPLETED
              : failure.retriable() ? RunRecord.Status.FAILED : RunRecord.Status.REFUSED;
      timings.put("totalMillis", millisSince(start));
      RunRecord done =
          claimed.finish(
              status,
              clock.instant(),
              failure,
              failure == null ? resultKey : null,
              receipt == null ? null : receipt.key(),
              summary());
      Optional<String> written;
      try {
        written = results.replaceRun(job.accountId(), runKey, done, etag);
      } catch (RuntimeException e) {
        audit("analysis.failed", "failed", Reason.STATE_STORE_FAILED.code(), ids);
        return new JobOutcome.Retry(Reason.STATE_STORE_FAILED);
      }
      if (written.isEmpty()) {
        // another delivery took the run over after our lease ran out; its record stands
        audit("run.superseded", "ignored", "lease-lost", ids);
      }
      if (failure == null) {
        audit("analysis.completed", "succeeded", null, ids);
        return new JobOutcome.Completed(resultKey, receipt.key());
      }
      if (failure.retriable()) {
        audit("analysis.failed", "failed", failure.code(), ids);
        return new JobOutcome.Retry(failure);
      }
      audit("analysis.refused", "rejected", failure.code(), ids);
      return new JobOutcome.Refused(failure);
    }

    private Map<String, Object> receiptFields() {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("version", 1L);
      r.put("jobId", job.jobId());
      r.put("accountId", job.accountId());
      r.put("provider", job.provider().wireName());
      r.put("repository", job.repository().fullName());
      r.put("commitSha", job.commitSha());
      r.put("analyzerSet", settings.analyzerSetId());
      Map<String, Object> sb = new LinkedHashMap<>();
      sb.put("name", workspace.name());
      sb.put("isolation", sandbox.isolation());
      r.put("sandbox", sb);
      Map<String, Object> created = new LinkedHashMap<>();
      created.put("files", checkoutReport == null ? 0L : (long) checkoutReport.filesWritten());
      created.put("bytes", checkoutReport == null ? 0L : checkoutReport.bytesWritten());
      created.put(
          "symlinksSkipped", checkoutReport == null ? 0L : (long) checkoutReport.symlinksSkipped());
      created.put(
          "submodulesSkipped",
          checkoutReport == null ? 0L : (long) checkoutReport.submodulesSkipped());
      r.put("checkout", created);
      Map<String, Object> deleted = new LinkedHashMap<>();
      deleted.put("files", purge.files());
      deleted.put("directories", purge.directories());
      deleted.put("bytes", purge.bytes());
      r.put("deleted", deleted);
      r.put("verifiedAbsent", purge.verifiedAbsent());
      if (purge.failure() != null) {
        r.put("purgeFailure", purge.failure());
      }
      Map<String, Object> token = new LinkedHashMap<>();
      token.put("minted", tokenMinted);
      token.put("revoked", revocation.revoked());
      token.put("revocation", revocation.outcome());
      token.put("revokeStatus", (long) revocation.httpStatus());
      r.put("token", token);
      r.put("startedAt", startedAt.toString());
      r.put("purgedAt", clock.instant().toString());
      r.put("outcome", failure == null ? "completed" : failure.retriable() ? "failed" : "refused");
      if (failure != null) {
        r.put("reason", failure.code());
      }
      return r;
    }

    private Map<String, Object> summary() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("analyzerSet", settings.analyzerSetId());
      s.put("isolation", sandbox.isolation());
      if (sanitized != null) {
        s.put("results", (long) sanitized.results());
        s.put("byRule", new LinkedHashMap<>(sanitized.byRule()));
        s.put("byLevel", new LinkedHashMap<>(sanitized.byLevel()));
        s.put("runs", sanitized.runs());
        s.put("droppedResults", (long) sanitized.droppedResults());
        s.put("droppedLocations", (long) sanitized.droppedLocations());
      }
      Map<String, Object> files = new LinkedHashMap<>();
      Map<String, Object> bytes = new LinkedHashMap<>();
      if (checkoutReport != null) {
        files.put("written", (long) checkoutReport.filesWritten());
        files.put("skippedTooLarge", (long) checkoutReport.filesSkippedTooLarge());
        files.put("symlinksSkipped", (long) checkoutReport.symlinksSkipped());
        files.put("submodulesSkipped", (long) checkoutReport.submodulesSkipped());
        bytes.put("fetched", checkoutReport.fetchedBytes());
        bytes.put("repository", checkoutReport.repositoryBytes());
        bytes.put("written", checkoutReport.bytesWritten());
        bytes.put("skippedTooLarge", checkoutReport.bytesSkippedTooLarge());
        timings.put("fetchMillis", checkoutReport.fetchMillis());
        timings.put("writeMillis", checkoutReport.writeMillis());
      }
      if (sanitized != null) {
        bytes.put("sarif", (long) sanitized.json().length);
        bytes.put("sarifGzip", sanitized.gzipBytes());
      }
      s.put("files", files);
      s.put("bytes", bytes);
      s.put("timings", new LinkedHashMap<>(timings));
      if (analyzerRun != null) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("exitCode", (long) analyzerRun.exitCode());
        a.put("timedOut", analyzerRun.timedOut());
        a.put("stdoutBytes", analyzerRun.stdoutBytes());
        a.put("stderrBytes", analyzerRun.stderrBytes());
        a.put("processesKilled", (long) analyzerRun.processesKilled());
        s.put("analyzer", a);
      }
      List<String> caps = new ArrayList<>();
      if (checkoutReport != null && checkoutReport.filesSkippedTooLarge() > 0) {
        caps.add("file-too-large");
      }
      if (sanitized != null && sanitized.truncated()) {
        caps.add("results-truncated");
      }
      if (analyzerRun != null && analyzerRun.exitCode() == ANALYZER_PARTIAL_EXIT) {
        s.put("analyzerFailed", true);
      }
      if (failure != null && CAP_REASONS.contains(failure)) {
        caps.add(failure.code());
      }
      s.put("capsHit", caps);
      if (checkoutReport != null && checkoutReport.incremental()) {
        Map<String, Object> inc = new LinkedHashMap<>();
        inc.put("baseCommit", checkoutReport.baseCommit());
        inc.put("filesAnalyzed", (long) checkoutReport.filesWritten());
        inc.put("filesCarried", (long) checkoutReport.unchangedPaths().size());
        inc.put("resultsCarried", resultsCarried);
        s.put("incremental", inc);
      }
      return s;
    }
  }

  private void audit(String action, String outcome, String reason, Map<String, String> ids) {
    audit.record(new AuditRecord(clock.instant(), action, outcome, reason, ids));
  }

  private static Map<String, String> ids(AnalysisJob job) {
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("jobId", job.jobId());
    ids.put("accountId", job.accountId());
    ids.put("provider", job.provider().wireName());
    ids.put("repository", job.repository().fullName());
    ids.put("commitSha", job.commitSha());
    return ids;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
