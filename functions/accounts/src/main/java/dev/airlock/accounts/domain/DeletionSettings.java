package dev.airlock.accounts.domain;

/**
 * Settings of account deletion.
 *
 * @param pendingWindowDays the KMS waiting period before the tenant key is deleted, 7 (the minimum,
 *     and the default) to 30 days. The key is disabled at once either way; the window only bounds
 *     how long an operator could still cancel the deletion by hand.
 * @param batchSize how many object versions are recorded and deleted at a time (1 to 1000, the most
 *     one S3 DeleteObjects request takes)
 */
public record DeletionSettings(int pendingWindowDays, int batchSize) {

  public static final int MIN_PENDING_WINDOW_DAYS = 7;
  public static final int MAX_PENDING_WINDOW_DAYS = 30;

  public DeletionSettings {
    if (pendingWindowDays < MIN_PENDING_WINDOW_DAYS
        || pendingWindowDays > MAX_PENDING_WINDOW_DAYS) {
      throw new IllegalArgumentException("pending window must be 7 to 30 days");
    }
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("batch size must be 1 to 1000");
    }
  }

  /** Seven days' waiting period, batches of 1000. */
  public static DeletionSettings defaults() {
    return new DeletionSettings(MIN_PENDING_WINDOW_DAYS, 1000);
  }
}
