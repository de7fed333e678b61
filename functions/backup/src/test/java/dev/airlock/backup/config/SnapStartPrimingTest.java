package dev.airlock.backup.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming: it warms the function's paths without calling AWS (the function holds no
 * secret of its own; its keys stay in KMS).
 */
class SnapStartPrimingTest {

  /**
   * The function's configuration with every AWS endpoint at a port nothing listens on: a call to
   * AWS during priming would fail the test (connection refused), not pass silently.
   */
  static Map<String, Object> snapStartInit(boolean snapStart) {
    String nowhere = "http://127.0.0.1:9";
    Map<String, Object> p = new HashMap<>();
    p.put("aws.region", "us-east-1");
    p.put("aws.replica-region", "us-west-2");
    for (String s : List.of("sqs", "s3", "s3-replica", "kms", "kms-replica", "secretsmanager")) {
      p.put("aws.services." + s + ".endpoint-override", nowhere);
    }
    p.put("aws.accessKeyId", "priming-test");
    p.put("aws.secretKey", "priming-test");
    p.put("airlock.queues.analysis", nowhere + "/000000000000/analysis.fifo");
    p.put("airlock.buckets.state", "state");
    p.put("airlock.buckets.state-standby", "state-standby");
    p.put("airlock.buckets.backup", "backup");
    p.put("airlock.buckets.backup-replica", "backup-replica");
    p.put("airlock.keys.state", "arn:aws:kms:us-east-1:000000000000:key/mrk-state");
    p.put("airlock.keys.backup", "arn:aws:kms:us-east-1:000000000000:key/mrk-backup");
    p.put("airlock.keys.backup-replica", "arn:aws:kms:us-west-2:000000000000:key/mrk-backup");
    if (snapStart) {
      // What Lambda's AWS_LAMBDA_INITIALIZATION_TYPE=snap-start becomes in Micronaut.
      p.put("aws.lambda.initialization.type", "snap-start");
    }
    return p;
  }

  @Test
  void beforeCheckpoint_shouldWarmCryptoAndClients_withoutCallingAws() {
    try (ApplicationContext ctx = ApplicationContext.run(snapStartInit(true))) {
      SnapStartPriming priming = ctx.getBean(SnapStartPriming.class);

      List<String> warmed = priming.prime();
      priming.beforeCheckpoint(null);

      assertTrue(
          warmed.containsAll(
              List.of(
                  "json", "aes-256-gcm", "deflate", "S3Client", "KmsClient", "BackupOperations")),
          warmed.toString());
    }
  }

  @Test
  void priming_shouldNotExist_whenTheInitIsNotForASnapshot() {
    try (ApplicationContext ctx = ApplicationContext.run(snapStartInit(false))) {
      assertTrue(ctx.findBean(SnapStartPriming.class).isEmpty());
    }
  }
}
