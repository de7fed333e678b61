package dev.airlock.core.message;

/**
 * The analysis queue (SQS FIFO in AWS and locally). Enqueueing is idempotent per delivery: the
 * queue deduplicates on {@link AnalysisJob#deduplicationId()} and orders per {@link
 * AnalysisJob#messageGroupId()}.
 */
public interface JobQueue {

  /**
   * Puts {@code job} on the queue.
   *
   * @throws EnqueueException if the queue did not accept the job (the caller must not report the
   *     work as accepted)
   */
  void enqueue(AnalysisJob job);
}
