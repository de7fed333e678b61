package dev.airlock.testkit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Configuration for the functions' SnapStart priming tests: every AWS endpoint (both regions) at a
 * port nothing listens on, so a call to AWS while priming fails the test with a refused connection
 * instead of passing silently, and every queue, bucket and key name a function's context may ask
 * for.
 */
public final class PrimingConfig {
  /** Where every endpoint points: the discard port on loopback, which nothing here listens on. */
  public static final String NOWHERE = "http://127.0.0.1:9";

  private PrimingConfig() {}

  /**
   * The properties, as a fresh mutable map a test may add to.
   *
   * @param snapStart whether the init is for a snapshot ({@code
   *     AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, as Micronaut sees it), which is what creates
   *     the priming beans
   */
  public static Map<String, Object> unreachableAws(boolean snapStart) {
    Map<String, Object> p = new HashMap<>();
    p.put("aws.region", "us-east-1");
    p.put("aws.replica-region", "us-west-2");
    for (String s : List.of("sqs", "s3", "s3-replica", "kms", "kms-replica", "secretsmanager")) {
      p.put("aws.services." + s + ".endpoint-override", NOWHERE);
    }
    p.put("aws.accessKeyId", "priming-test");
    p.put("aws.secretKey", "priming-test");
    p.put("airlock.queues.analysis", NOWHERE + "/000000000000/analysis.fifo");
    p.put("airlock.buckets.state", "state");
    p.put("airlock.buckets.state-standby", "state-standby");
    p.put("airlock.buckets.backup", "backup");
    p.put("airlock.buckets.backup-replica", "backup-replica");
    p.put("airlock.keys.state", "arn:aws:kms:us-east-1:000000000000:key/mrk-state");
    p.put("airlock.keys.backup", "arn:aws:kms:us-east-1:000000000000:key/mrk-backup");
    p.put("airlock.keys.backup-replica", "arn:aws:kms:us-west-2:000000000000:key/mrk-backup");
    if (snapStart) {
      p.put("aws.lambda.initialization.type", "snap-start");
    }
    return p;
  }
}
