package dev.airlock.core.message;

/**
 * The account-deletion queue (SQS, with a dead-letter queue): how a function asks the accounts
 * function to delete an account without depending on it. Delivery is at least once; deletion is
 * idempotent, so a duplicate costs one no-op run.
 */
public interface AccountDeletionQueue {

  /**
   * Puts {@code request} on the queue.
   *
   * @throws EnqueueException if the queue did not accept it (or none is configured): the caller
   *     must not report the triggering work as done, so that it is retried
   */
  void send(AccountDeletionMessage request);
}
