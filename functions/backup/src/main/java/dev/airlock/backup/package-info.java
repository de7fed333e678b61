/**
 * The backup function: scheduled, encrypted snapshots of the state bucket, replica verification,
 * verify, restore and the restore drill.
 *
 * <p>Entry points: {@link dev.airlock.backup.BackupHandler} (scheduled backup), {@link
 * dev.airlock.backup.RestoreDrillHandler} (scheduled drill), {@link
 * dev.airlock.backup.RestoreHandler} (operator restore) and {@link
 * dev.airlock.backup.BackupOperations} (the plain Java API the local CLI calls). The domain lives
 * in {@code domain} (snapshot format in {@code domain.archive}), its ports in {@code port}, the S3,
 * KMS and CloudWatch adapters in {@code adapter}, the wiring in {@code config}.
 */
package dev.airlock.backup;
