package dev.airlock.analyze.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The record of one commit's analysis by one analyzer set: the worker's idempotency record while it
 * runs, and the run summary once it has finished. Stored sealed under the account's key at {@code
 * tenants/<account>/runs/<idempotency key>.<analyzer set>.json}. Identifiers, counts and times
 * only.
 *
 * @param status where the run is
 * @param jobId the job that wrote this version
 * @param attempt 1 for the first claim, incremented by every takeover
 * @param startedAt when this attempt claimed the run
 * @param leaseUntil until when a {@link Status#RUNNING} claim blocks other deliveries
 * @param finishedAt when it finished, or null while running
 * @param reason why it did not complete, or null
 * @param resultKey where the SARIF result is, or null
 * @param receiptKey the purge receipt of this attempt's sandbox, or null
 * @param summary counts by rule and level, timings, bytes, caps hit (plain JSON values), or null
 */
public record RunRecord(
    Status status,
    String jobId,
    int attempt,
    Instant startedAt,
    Instant leaseUntil,
    Instant finishedAt,
    Reason reason,
    String resultKey,
    String receiptKey,
    Map<String, Object> summary) {

  /** The only record version this build writes and reads. */
  public static final int VERSION = 1;

  /** Lifecycle of a run. */
  public enum Status {
    RUNNING,
    COMPLETED,
    REFUSED,
    FAILED
  }

  public RunRecord {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(leaseUntil, "leaseUntil");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be positive");
    }
    summary = summary == null ? null : Map.copyOf(summary);
  }

  /** A fresh claim. */
  public static RunRecord running(String jobId, int attempt, Instant now, Instant leaseUntil) {
    return new RunRecord(
        Status.RUNNING, jobId, attempt, now, leaseUntil, null, null, null, null, null);
  }

  /** This run, finished with {@code status}. */
  public RunRecord finish(
      Status newStatus,
      Instant now,
      Reason why,
      String result,
      String receipt,
      Map<String, Object> runSummary) {
    return new RunRecord(
        newStatus, jobId, attempt, startedAt, now, now, why, result, receipt, runSummary);
  }

  /**
   * Whether a delivery of the same commit is done without another run: it completed, or was refused
   * for a reason that belongs to the commit itself.
   */
  public boolean settled() {
    return status == Status.COMPLETED
        || (status == Status.REFUSED && reason != null && reason.finalForCommit());
  }

  /** Whether another attempt holds a live claim at {@code now}. */
  public boolean claimedAt(Instant now) {
    return status == Status.RUNNING && leaseUntil.isAfter(now);
  }

  /** The stored JSON form. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", (long) VERSION);
    m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
    m.put("jobId", jobId);
    m.put("attempt", (long) attempt);
    m.put("startedAt", startedAt.toString());
    m.put("leaseUntil", leaseUntil.toString());
    if (finishedAt != null) {
      m.put("finishedAt", finishedAt.toString());
    }
    if (reason != null) {
      m.put("reason", reason.code());
    }
    if (resultKey != null) {
      m.put("resultKey", resultKey);
    }
    if (receiptKey != null) {
      m.put("receiptKey", receiptKey);
    }
    if (summary != null) {
      m.put("summary", summary);
    }
    return m;
  }

  /**
   * Reads the stored JSON form.
   *
   * @throws IllegalArgumentException if it is not a version-1 run record
   */
  @SuppressWarnings("unchecked")
  public static RunRecord fromJson(Object json) {
    if (!(json instanceof Map<?, ?> m) || !Long.valueOf(VERSION).equals(m.get("version"))) {
      throw new IllegalArgumentException("run record has an unknown version");
    }
    try {
      return new RunRecord(
          Status.valueOf(string(m, "status").toUpperCase(java.util.Locale.ROOT)),
          string(m, "jobId"),
          Math.toIntExact((Long) m.get("attempt")),
          Instant.parse(string(m, "startedAt")),
          Instant.parse(string(m, "leaseUntil")),
          m.get("finishedAt") == null ? null : Instant.parse(string(m, "finishedAt")),
          m.get("reason") == null ? null : Reason.fromCode(string(m, "reason")),
          (String) m.get("resultKey"),
          (String) m.get("receiptKey"),
          m.get("summary") instanceof Map<?, ?> s ? (Map<String, Object>) s : null);
    } catch (ClassCastException
        | NullPointerException
        | DateTimeParseException
        | ArithmeticException e) {
      throw new IllegalArgumentException("run record is corrupt");
    }
  }

  private static String string(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("run record field is missing");
    }
    return s;
  }

  /**
   * Whether a child commit may carry this run's results forward: it completed, its result is
   * stored, and the result is whole (not truncated by a limit, no analyzer failed).
   */
  public boolean carriesForward() {
    if (status != Status.COMPLETED || resultKey == null || summary == null) {
      return false;
    }
    if (Boolean.TRUE.equals(summary.get("analyzerFailed"))) {
      return false;
    }
    return !(summary.get("capsHit") instanceof java.util.Collection<?> caps)
        || !caps.contains("results-truncated");
  }
}
