package dev.airlock.webhook.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.secrets.SecretsSource;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SnapStart priming: it warms the function's paths and reads no secret before the snapshot. */
class SnapStartPrimingTest {

  /** A secrets source that counts reads and answers {@code value} (empty: none). */
  static class CountingSecrets implements SecretsSource {
    final AtomicInteger reads = new AtomicInteger();
    private final Optional<List<String>> value;

    CountingSecrets() {
      this(Optional.empty());
    }

    CountingSecrets(Optional<List<String>> value) {
      this.value = value;
    }

    @Override
    public Optional<List<String>> secretList(String name) {
      reads.incrementAndGet();
      return value;
    }
  }

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

  private static ApplicationContext start(boolean snapStart, CountingSecrets secrets) {
    ApplicationContext ctx =
        ApplicationContext.builder().properties(snapStartInit(snapStart)).build();
    ctx.registerSingleton(SecretsSource.class, secrets);
    return ctx.start();
  }

  @Test
  void beforeCheckpoint_shouldWarmSerializersCryptoAndClients_withoutReadingASecret() {
    CountingSecrets secrets = new CountingSecrets();
    try (ApplicationContext ctx = start(true, secrets)) {
      SnapStartPriming priming = ctx.getBean(SnapStartPriming.class);

      List<String> warmed = priming.prime();
      priming.beforeCheckpoint(null);

      assertTrue(
          warmed.containsAll(
              List.of(
                  "json", "hmac-sha256", "aes-256-gcm", "S3Client", "SqsClient", "WebhookService")),
          warmed.toString());
      assertTrue(
          warmed.stream().anyMatch(w -> w.startsWith("webhook-signatures:")), warmed.toString());
      assertEquals(0, secrets.reads.get(), "a secret was read before the snapshot");
    }
  }

  @Test
  void afterRestore_shouldReadTheHmacSecretsOnce_whenTheEnvironmentIsRestored() {
    CountingSecrets secrets =
        new CountingSecrets(Optional.of(List.of("current-secret", "previous-secret")));
    try (ApplicationContext ctx = start(true, secrets)) {
      SnapStartPriming priming = ctx.getBean(SnapStartPriming.class);
      priming.beforeCheckpoint(null);
      assertEquals(0, secrets.reads.get(), "a secret was read before the snapshot");

      priming.afterRestore(null);

      assertEquals(2, secrets.reads.get(), "GitHub's and Bitbucket's secrets, after the restore");
    }
  }

  @Test
  void afterRestore_shouldNotFailTheRestore_whenTheSecretsCannotBeRead() {
    CountingSecrets broken =
        new CountingSecrets() {
          @Override
          public Optional<List<String>> secretList(String name) {
            reads.incrementAndGet();
            throw new IllegalStateException("secrets service unreachable");
          }
        };
    try (ApplicationContext ctx = start(true, broken)) {
      SnapStartPriming priming = ctx.getBean(SnapStartPriming.class);

      priming.afterRestore(null);

      assertEquals(1, broken.reads.get(), "tried once, then left to the first request");
    }
  }

  @Test
  void priming_shouldNotExist_whenTheInitIsNotForASnapshot() {
    try (ApplicationContext ctx = start(false, new CountingSecrets())) {
      assertTrue(ctx.findBean(SnapStartPriming.class).isEmpty());
    }
  }
}
