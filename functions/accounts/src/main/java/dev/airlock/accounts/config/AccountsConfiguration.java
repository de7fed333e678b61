package dev.airlock.accounts.config;

import dev.airlock.accounts.domain.DeletionSettings;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code airlock.accounts.*}: settings of the accounts function. Bucket names and regions fall back
 * to the shared properties and the template's variables (see {@link AccountsFactory}).
 */
@ConfigurationProperties("airlock.accounts")
public class AccountsConfiguration {
  private int pendingWindowDays = DeletionSettings.MIN_PENDING_WINDOW_DAYS;
  private int batchSize = 1000;
  private String stateBucket;
  private String standbyBucket;

  /**
   * The KMS waiting period before a shredded tenant key is deleted: 7 (default, the minimum) to 30
   * days ({@code AIRLOCK_ACCOUNTS_PENDING_WINDOW_DAYS}).
   */
  public int getPendingWindowDays() {
    return pendingWindowDays;
  }

  public void setPendingWindowDays(int pendingWindowDays) {
    this.pendingWindowDays = pendingWindowDays;
  }

  /** Object versions recorded and deleted per batch (1 to 1000). */
  public int getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  /** The state bucket; else {@code airlock.buckets.state} or {@code AIRLOCK_STATE_BUCKET}. */
  public String getStateBucket() {
    return stateBucket;
  }

  public void setStateBucket(String stateBucket) {
    this.stateBucket = stateBucket;
  }

  /**
   * The replica region's standby state bucket; else {@code airlock.buckets.state-standby} or the
   * bucket named by {@code AIRLOCK_STANDBY_STATE_BUCKET_ARN}. Empty everywhere: no standby.
   */
  public String getStandbyBucket() {
    return standbyBucket;
  }

  public void setStandbyBucket(String standbyBucket) {
    this.standbyBucket = standbyBucket;
  }

  public DeletionSettings toSettings() {
    return new DeletionSettings(pendingWindowDays, batchSize);
  }
}
