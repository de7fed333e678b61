package dev.airlock.analyze.domain;

import dev.airlock.analyze.port.Sandbox;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.json.Json;
import dev.airlock.core.message.AnalysisJob;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One queue batch: first removes sandboxes left behind by killed invocations, then processes each
 * message on its own, so that one failure never fails the others. Returns the ids of the messages
 * the queue should deliver again: malformed messages (they reach the dead-letter queue after {@code
 * maxReceiveCount}), retriable failures, and — to keep a FIFO message group in order — any later
 * message of a group whose earlier message failed in this batch (it is not processed).
 */
public final class JobBatch {

  /** One received message: its id, body and FIFO message group (null for standard queues). */
  public record QueuedMessage(String messageId, String body, String messageGroupId) {}

  private final AnalysisService service;
  private final Sandbox sandbox;
  private final AuditLog audit;
  private final Clock clock;

  public JobBatch(AnalysisService service, Sandbox sandbox, AuditLog audit, Clock clock) {
    this.service = service;
    this.sandbox = sandbox;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Processes {@code messages} in order.
   *
   * @param deadline when the invocation ends
   * @return ids of the messages to report as batch item failures, in batch order
   */
  public List<String> process(List<QueuedMessage> messages, Instant deadline) {
    removeLeftovers();
    List<String> failed = new ArrayList<>();
    Set<String> blockedGroups = new HashSet<>();
    for (QueuedMessage m : messages) {
      if (m.messageGroupId() != null && blockedGroups.contains(m.messageGroupId())) {
        audit("analysis.deferred", "ignored", "earlier-message-in-group-failed", m, null);
        failed.add(m.messageId());
        continue;
      }
      if (!processOne(m, deadline)) {
        failed.add(m.messageId());
        if (m.messageGroupId() != null) {
          blockedGroups.add(m.messageGroupId());
        }
      }
    }
    return failed;
  }

  /** Whether the message is done with (acknowledged). */
  private boolean processOne(QueuedMessage m, Instant deadline) {
    AnalysisJob job;
    try {
      if (m.body() == null) {
        throw new IllegalArgumentException("no body");
      }
      job = Json.read(m.body(), AnalysisJob.class);
    } catch (IllegalArgumentException e) {
      audit("analysis.rejected", "rejected", "malformed-message", m, null);
      return false;
    }
    try {
      return !service.process(job, deadline).retry();
    } catch (RuntimeException e) {
      audit("analysis.error", "failed", Reason.INTERNAL_ERROR.code(), m, e.getClass().getName());
      return false;
    }
  }

  private void removeLeftovers() {
    List<Sandbox.Leftover> leftovers;
    try {
      leftovers = sandbox.purgeLeftovers();
    } catch (RuntimeException e) {
      audit.record(
          new AuditRecord(
              clock.instant(), "sandbox.purge", "failed", "leftover-scan-failed", Map.of()));
      return;
    }
    for (Sandbox.Leftover l : leftovers) {
      boolean ok = l.report().succeeded();
      audit.record(
          new AuditRecord(
              clock.instant(),
              "sandbox.purge",
              ok ? "succeeded" : "failed",
              ok
                  ? "leftover"
                  : "leftover-"
                      + (l.report().failure() == null ? "not-absent" : l.report().failure()),
              Map.of("sandbox", l.name())));
    }
  }

  private void audit(
      String action, String outcome, String reason, QueuedMessage m, String exception) {
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("messageId", String.valueOf(m.messageId()));
    if (exception != null) {
      ids.put("exception", exception);
    }
    audit.record(new AuditRecord(clock.instant(), action, outcome, reason, ids));
  }
}
