package dev.airlock.webhook.config;

import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.aws.secrets.SecretsManagerSecretsSource;
import dev.airlock.aws.sqs.SqsJobQueue;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.message.JobQueue;
import dev.airlock.core.secrets.SecretsSource;
import dev.airlock.core.state.GuardedStateStore;
import dev.airlock.core.state.StateStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS implementations of the webhook's ports, on the shared clients of {@code AwsClientFactory}
 * (whose endpoints {@code aws.services.<svc>.endpoint-override} points at the local stand-ins).
 * Each steps aside if something else (the local stack) supplies the port.
 */
@Factory
public class AwsAdapterFactory {

  @Singleton
  @Requires(missingBeans = JobQueue.class)
  JobQueue jobQueue(SqsClient sqs, WebhookConfiguration config) {
    String url = config.getQueueUrl();
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "no analysis queue configured: set airlock.webhook.queue-url or airlock.queues.analysis");
    }
    return new SqsJobQueue(sqs, url);
  }

  /** The state bucket, behind core's guard that refuses to store secrets or card data. */
  @Singleton
  @Requires(missingBeans = StateStore.class)
  StateStore stateStore(
      S3Client s3,
      AuditLog audit,
      @Value("${airlock.buckets.state}") String bucket,
      @Nullable @Value("${airlock.keys.state-sse:}") String sseKeyId) {
    return new GuardedStateStore(new S3StateStore(s3, bucket, sseKeyId), audit);
  }

  @Singleton
  @Requires(property = "airlock.webhook.secrets-source", value = "secrets-manager")
  SecretsSource secretsManager(SecretsManagerClient client, WebhookConfiguration config) {
    return new SecretsManagerSecretsSource(client, config.getSecretsCacheTtl(), Clock.systemUTC());
  }
}
