package dev.airlock.accounts.domain;

import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.json.Json;
import dev.airlock.core.message.AccountDeletionMessage;
import io.micronaut.core.annotation.Nullable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deletion requests from the account-deletion queue ({@link AccountDeletionMessage}, sent by the
 * billing function when a canceled subscription's account is set to delete on cancel), carried out
 * one by one with {@link AccountDeletion}, exactly as a direct request would be.
 *
 * <p>Per message: done (deleted now, already deleted, or nothing stored for the id — {@link
 * AccountNotFoundException}, audited by the deletion as {@code account-unknown}) or failed. A
 * failed message is returned to the queue and retried (deletion resumes where it stopped); after
 * the queue's {@code maxReceiveCount} it lands in the dead-letter queue, whose alarm calls an
 * operator. A message that is not a valid request fails too (and is audited as {@code
 * malformed-request}): dropping it would silently lose a deletion someone asked for.
 */
public final class QueuedDeletions {

  /** The audit action of a queued request that could not be read. */
  public static final String AUDIT_ACTION = "account.deletion-request";

  /**
   * One SQS message: its id (for the batch failure report), body, and when SQS accepted it (its
   * {@code SentTimestamp} attribute, set by SQS, not by the sender; null if unknown).
   */
  public record QueuedMessage(String messageId, String body, @Nullable Instant sentAt) {
    public QueuedMessage(String messageId, String body) {
      this(messageId, body, null);
    }

    /**
     * A message as SQS delivers it, {@code sentTimestamp} being its {@code SentTimestamp} attribute
     * (epoch milliseconds); absent or unreadable leaves the time unknown, which skips the staleness
     * check rather than refusing a real request.
     */
    public static QueuedMessage of(String messageId, String body, @Nullable String sentTimestamp) {
      Instant sentAt = null;
      if (sentTimestamp != null) {
        try {
          sentAt = Instant.ofEpochMilli(Long.parseLong(sentTimestamp.trim()));
        } catch (NumberFormatException unreadable) {
          sentAt = null;
        }
      }
      return new QueuedMessage(messageId, body, sentAt);
    }
  }

  private final AccountDeletion deletion;
  private final AuditLog audit;
  private final Clock clock;

  public QueuedDeletions(AccountDeletion deletion, AuditLog audit, Clock clock) {
    if (deletion == null || audit == null || clock == null) {
      throw new IllegalArgumentException("deletion, audit log and clock are required");
    }
    this.deletion = deletion;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Processes a batch.
   *
   * @return the ids of the messages to deliver again (empty if all are done)
   */
  public List<String> process(List<QueuedMessage> messages) {
    List<String> failed = new ArrayList<>();
    for (QueuedMessage m : messages) {
      if (!processOne(m)) {
        failed.add(m.messageId());
      }
    }
    return failed;
  }

  private boolean processOne(QueuedMessage m) {
    AccountDeletionRequest request;
    try {
      AccountDeletionMessage message = Json.read(m.body(), AccountDeletionMessage.class);
      request =
          new AccountDeletionRequest(message.accountId(), message.reason(), message.requestedBy());
    } catch (IllegalArgumentException e) { // MalformedJsonException included
      audit.record(
          new AuditRecord(
              clock.instant(),
              AUDIT_ACTION,
              "rejected",
              "malformed-request",
              messageIds(m.messageId())));
      return false;
    }
    try {
      deletion.delete(request, m.sentAt());
      return true;
    } catch (AccountNotFoundException | StaleDeletionRequestException e) {
      // Nothing to delete, or a replay of an earlier tenancy's request: done, never retried.
      return true;
    } catch (RuntimeException e) {
      // Audited by the deletion itself; the retry resumes it.
      return false;
    }
  }

  private static Map<String, String> messageIds(String messageId) {
    return messageId == null ? Map.of() : Map.of("messageId", messageId);
  }
}
