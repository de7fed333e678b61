package dev.airlock.analyze.domain;

/**
 * What became of one job. Only {@link Retry} is reported back to the queue as a failure; every
 * other outcome acknowledges the message.
 */
public sealed interface JobOutcome {

  /** The commit was analyzed; the SARIF result is at {@code resultKey}. */
  record Completed(String resultKey, String receiptKey) implements JobOutcome {}

  /** Nothing to do: the commit was already analyzed (or settled) by this analyzer set. */
  record Skipped(String why) implements JobOutcome {}

  /** The job was refused for a reason that another delivery would not change. */
  record Refused(Reason reason) implements JobOutcome {}

  /** The job failed for a transient reason; the queue should deliver it again. */
  record Retry(Reason reason) implements JobOutcome {}

  /** Whether the queue should deliver the message again. */
  default boolean retry() {
    return this instanceof Retry;
  }
}
