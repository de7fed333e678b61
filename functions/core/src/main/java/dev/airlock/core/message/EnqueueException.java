package dev.airlock.core.message;

/**
 * The queue did not accept a job: unreachable, throttled, or refused the message. The message names
 * the failure class, never the job's contents.
 */
public class EnqueueException extends RuntimeException {
  public EnqueueException(String message, Throwable cause) {
    super(message, cause);
  }

  public EnqueueException(String message) {
    super(message);
  }
}
