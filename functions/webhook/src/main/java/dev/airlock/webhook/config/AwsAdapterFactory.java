package dev.airlock.webhook.config;

import dev.airlock.aws.config.AwsClientFactory;
import dev.airlock.aws.config.AwsClients;
import dev.airlock.aws.config.PropertyLookup;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.aws.secrets.SecretsManagerSecretsSource;
import dev.airlock.aws.sqs.SqsJobQueue;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.crypto.DataKeyProvider;
import dev.airlock.core.message.JobQueue;
import dev.airlock.core.message.Provider;
import dev.airlock.core.secrets.EnvironmentSecretsSource;
import dev.airlock.core.secrets.SecretsSource;
import dev.airlock.core.state.GuardedStateStore;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.tenant.TenantKeys;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS implementations of the webhook's ports, on the shared clients of {@code AwsClientFactory}
 * (whose endpoints {@code aws.services.<svc>.endpoint-override} points at the local stand-ins).
 * Each is {@code Secondary}: a port the caller registers itself (a test's, the local stack's) is
 * injected instead.
 */
@Factory
public class AwsAdapterFactory {

  @Singleton
  @Secondary
  JobQueue jobQueue(SqsClient sqs, WebhookConfiguration config, Environment env) {
    String url =
        PropertyLookup.nonBlank(config.getQueueUrl())
            .or(
                () ->
                    PropertyLookup.first(
                        env, "airlock.queues.analysis", "airlock.analysis.queue.url"))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no analysis queue configured: set airlock.webhook.queue-url,"
                            + " airlock.queues.analysis or AIRLOCK_ANALYSIS_QUEUE_URL"));
    return new SqsJobQueue(sqs, url);
  }

  /** The state bucket, behind core's guard that refuses to store secrets or card data. */
  @Singleton
  @Secondary
  StateStore stateStore(S3Client s3, AuditLog audit, Environment env) {
    String bucket =
        PropertyLookup.first(env, "airlock.buckets.state", "airlock.state.bucket")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no state bucket configured: set airlock.buckets.state or"
                            + " AIRLOCK_STATE_BUCKET"));
    String sseKey =
        PropertyLookup.first(env, "airlock.keys.state-sse", "airlock.state.key.id").orElse(null);
    return new GuardedStateStore(new S3StateStore(s3, bucket, sseKey), audit);
  }

  /**
   * The replica region's KMS client, if a replica region is configured: built on first use (only an
   * enrollment that creates a tenant key calls it) and closed with the context.
   */
  public static final class ReplicaKms implements AutoCloseable {
    private final Supplier<KmsClient> build;
    private final String region;
    private KmsClient kms;

    ReplicaKms(Supplier<KmsClient> build, String region) {
      this.build = build;
      this.region = region;
    }

    /** The client, built now if it is the first call; null without a replica region. */
    synchronized KmsClient get() {
      if (kms == null && build != null) {
        kms = build.get();
      }
      return kms;
    }

    @Override
    public synchronized void close() {
      if (kms != null) {
        kms.close();
      }
    }
  }

  /**
   * The replica region ({@code aws.replica-region}, or the template's {@code
   * AIRLOCK_REPLICA_REGION}) with the endpoint override the local stack sets ({@code
   * aws.services.kms-replica.endpoint-override}); absent in single-region setups.
   */
  @Singleton
  @Bean(preDestroy = "close")
  ReplicaKms replicaKms(AwsClientFactory clients, Environment env) {
    Optional<String> region =
        PropertyLookup.first(env, "aws.replica-region", "airlock.replica.region");
    return region
        .map(
            r ->
                new ReplicaKms(
                    () -> AwsClients.kms(clients.settings(Region.of(r), "kms-replica")), r))
        .orElseGet(() -> new ReplicaKms(null, null));
  }

  /**
   * Tenant keys: the webhook is the function that creates them (multi-region, alias {@code
   * alias/airlock/tenant/<id>}, replicated to the replica region), when an account's profile is
   * first written. Both KMS clients are built on first use: most deliveries (a covered repository's
   * push or pull request) never touch a tenant key, and an SDK client costs a few hundred classes
   * at init.
   */
  @Singleton
  @Secondary
  TenantKeys tenantKeys(BeanProvider<KmsClient> kms, ReplicaKms replica) {
    return KmsTenantKeys.lazy(AwsClients.lazy(kms::get), replica::get, replica.region);
  }

  /** Data keys for tenant documents; the KMS client is built on first use (see above). */
  @Singleton
  @Secondary
  DataKeyProvider dataKeys(BeanProvider<KmsClient> kms) {
    return KmsDataKeyProvider.lazy(AwsClients.lazy(kms::get));
  }

  /**
   * Secret values: a secret whose name is an ARN (as the template passes them) or every secret when
   * {@code airlock.webhook.secrets-source=secrets-manager} comes from Secrets Manager (cached for
   * {@code secrets-cache-ttl}); any other name is an environment variable ({@code
   * GITHUB_WEBHOOK_SECRET}...), read through Micronaut's environment so the equivalent property
   * ({@code github.webhook.secret}) works too. The Secrets Manager client is only built if needed.
   */
  @Singleton
  @Secondary
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
        PropertyLookup.first(env, "airlock.github.webhook.secret.arn")
            .orElse(config.getGithubSecretName()),
        Provider.GITLAB,
        PropertyLookup.first(env, "airlock.gitlab.webhook.secret.arn")
            .orElse(config.getGitlabSecretName()),
        Provider.BITBUCKET,
        PropertyLookup.first(env, "airlock.bitbucket.webhook.secret.arn")
            .orElse(config.getBitbucketSecretName()));
  }
}
