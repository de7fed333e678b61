package dev.airlock.emulators.stack;

import java.nio.file.Path;

/**
 * How to start the local AWS stand-ins.
 *
 * @param stateDir directory under which every local store lives (both S3 instances' files, the KMS
 *     key file, logs); created if absent
 * @param region primary region
 * @param replicaRegion second region (backup replicas, replica keys)
 * @param accountId fake account id used in ARNs and queue URLs
 * @param s3MockJar S3Mock's executable jar
 * @param persistKeys keep KMS key material in {@code stateDir} (development only) across restarts
 */
public record LocalAwsStackConfig(
    Path stateDir,
    String region,
    String replicaRegion,
    String accountId,
    Path s3MockJar,
    boolean persistKeys) {

  public static final String DEFAULT_REGION = "us-east-1";
  public static final String DEFAULT_REPLICA_REGION = "us-west-2";
  public static final String DEFAULT_ACCOUNT = "000000000000";

  /** Defaults: us-east-1 + us-west-2, account 000000000000, S3Mock jar located automatically. */
  public static LocalAwsStackConfig defaults(Path stateDir, boolean persistKeys) {
    return new LocalAwsStackConfig(
        stateDir,
        DEFAULT_REGION,
        DEFAULT_REPLICA_REGION,
        DEFAULT_ACCOUNT,
        dev.airlock.emulators.s3.S3MockProcess.locateJar(),
        persistKeys);
  }
}
