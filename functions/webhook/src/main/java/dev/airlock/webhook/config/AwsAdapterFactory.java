package dev.airlock.webhook.config;

import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.aws.secrets.SecretsManagerSecretsSource;
import dev.airlock.aws.sqs.SqsJobQueue;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.message.JobQueue;
import dev.airlock.core.message.Provider;
import dev.airlock.core.secrets.EnvironmentSecretsSource;
import dev.airlock.core.secrets.SecretsSource;
import dev.airlock.core.state.GuardedStateStore;
import dev.airlock.core.state.StateStore;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
  JobQueue jobQueue(SqsClient sqs, WebhookConfiguration config, Environment env) {
    String url =
        nonBlank(config.getQueueUrl())
            .or(() -> property(env, "airlock.queues.analysis"))
            .or(() -> property(env, "airlock.analysis.queue.url"))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no analysis queue configured: set airlock.webhook.queue-url,"
                            + " airlock.queues.analysis or AIRLOCK_ANALYSIS_QUEUE_URL"));
    return new SqsJobQueue(sqs, url);
  }

  /** The state bucket, behind core's guard that refuses to store secrets or card data. */
  @Singleton
  @Requires(missingBeans = StateStore.class)
  StateStore stateStore(S3Client s3, AuditLog audit, Environment env) {
    String bucket =
        property(env, "airlock.buckets.state")
            .or(() -> property(env, "airlock.state.bucket"))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no state bucket configured: set airlock.buckets.state or"
                            + " AIRLOCK_STATE_BUCKET"));
    String sseKey =
        property(env, "airlock.keys.state-sse")
            .or(() -> property(env, "airlock.state.key.id"))
            .orElse(null);
    return new GuardedStateStore(new S3StateStore(s3, bucket, sseKey), audit);
  }

  /**
   * Secret values: a secret whose name is an ARN (as the template passes them) or every secret when
   * {@code airlock.webhook.secrets-source=secrets-manager} comes from Secrets Manager (cached for
   * {@code secrets-cache-ttl}); any other name is an environment variable ({@code
   * GITHUB_WEBHOOK_SECRET}...), read through Micronaut's environment so the equivalent property
   * ({@code github.webhook.secret}) works too. The Secrets Manager client is only built if needed.
   */
  @Singleton
  @Requires(missingBeans = SecretsSource.class)
  SecretsSource secretsSource(
      Environment env, BeanProvider<SecretsManagerClient> client, WebhookConfiguration config) {
    SecretsSource local =
        new EnvironmentSecretsSource(
            name ->
                env.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'), String.class)
                    .orElseGet(() -> System.getenv(name)));
    boolean always = "secrets-manager".equals(config.getSecretsSource());
    SecretsSource[] remote = new SecretsSource[1];
    return name -> {
      if (always || (name != null && name.startsWith("arn:"))) {
        synchronized (remote) {
          if (remote[0] == null) {
            remote[0] =
                new SecretsManagerSecretsSource(
                    client.get(), config.getSecretsCacheTtl(), Clock.systemUTC());
          }
        }
        return remote[0].secretList(name);
      }
      return local.secretList(name);
    };
  }

  /** Each host's secret name: the template's ARN variable when set, else the configured name. */
  static Map<Provider, String> secretNames(WebhookConfiguration config, Environment env) {
    return Map.of(
        Provider.GITHUB,
        property(env, "airlock.github.webhook.secret.arn").orElse(config.getGithubSecretName()),
        Provider.GITLAB,
        property(env, "airlock.gitlab.webhook.secret.arn").orElse(config.getGitlabSecretName()),
        Provider.BITBUCKET,
        property(env, "airlock.bitbucket.webhook.secret.arn")
            .orElse(config.getBitbucketSecretName()));
  }

  private static Optional<String> property(Environment env, String name) {
    return env.getProperty(name, String.class).flatMap(AwsAdapterFactory::nonBlank);
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
