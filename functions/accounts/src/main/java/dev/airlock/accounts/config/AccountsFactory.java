package dev.airlock.accounts.config;

import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.accounts.domain.DeletionHook;
import dev.airlock.accounts.domain.QueuedDeletions;
import dev.airlock.aws.config.AwsClientFactory;
import dev.airlock.aws.config.AwsClients;
import dev.airlock.aws.config.PropertyLookup;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.JsonLinesAuditLog;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Composition root of the accounts function: configuration becomes {@link AccountDeletions}
 * resources. The primary region's clients are the shared beans of {@link AwsClientFactory}; the
 * replica region's are built here from {@code aws.replica-region} (or the template's {@code
 * AIRLOCK_REPLICA_REGION}), with the same endpoint overrides ({@code aws.services.s3-replica},
 * {@code aws.services.kms-replica}) the local stack sets.
 */
@Factory
public class AccountsFactory {

  /** The replica region's clients, owned (and closed) by this factory's bean. */
  public static final class ReplicaClients implements AutoCloseable {
    private final S3Client s3;
    private final KmsClient kms;

    ReplicaClients(S3Client s3, KmsClient kms) {
      this.s3 = s3;
      this.kms = kms;
    }

    @Override
    public void close() {
      if (s3 != null) {
        s3.close();
      }
      if (kms != null) {
        kms.close();
      }
    }
  }

  @Singleton
  @Secondary
  Clock clock() {
    return Clock.systemUTC();
  }

  /** One JSON line per record on standard output, which CloudWatch Logs ingests. */
  @Singleton
  @Secondary
  AuditLog auditLog() {
    return JsonLinesAuditLog.toStdout();
  }

  @Singleton
  @Secondary
  DeletionHook deletionHook() {
    return DeletionHook.NONE;
  }

  @Singleton
  @Bean(preDestroy = "close")
  ReplicaClients replicaClients(AwsClientFactory clients, Environment env) {
    Optional<String> region =
        PropertyLookup.first(env, "aws.replica-region", "airlock.replica.region");
    if (region.isEmpty()) {
      return new ReplicaClients(null, null);
    }
    Region r = Region.of(region.get());
    return new ReplicaClients(
        AwsClients.s3(clients.settings(r, "s3-replica")),
        AwsClients.kms(clients.settings(r, "kms-replica")));
  }

  @Singleton
  AccountDeletions.Resources resources(
      S3Client s3,
      KmsClient kms,
      ReplicaClients replica,
      AccountsConfiguration config,
      Environment env) {
    String stateBucket =
        PropertyLookup.nonBlank(config.getStateBucket())
            .or(() -> PropertyLookup.first(env, "airlock.buckets.state", "airlock.state.bucket"))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no state bucket configured: set airlock.buckets.state or"
                            + " AIRLOCK_STATE_BUCKET"));
    String standby =
        PropertyLookup.nonBlank(config.getStandbyBucket())
            .or(() -> PropertyLookup.first(env, "airlock.buckets.state-standby"))
            .or(
                () ->
                    PropertyLookup.first(env, "airlock.standby.state.bucket.arn")
                        .map(AccountsFactory::name))
            .orElse(null);
    if (standby != null && replica.s3 == null) {
      throw new IllegalStateException(
          "a standby state bucket needs the replica region: set aws.replica-region or"
              + " AIRLOCK_REPLICA_REGION");
    }
    String sse =
        PropertyLookup.first(env, "airlock.keys.state-sse", "airlock.state.key.id").orElse(null);
    return new AccountDeletions.Resources(
        s3, stateBucket, sse, standby == null ? null : replica.s3, standby, kms, replica.kms);
  }

  @Singleton
  AccountDeletion accountDeletion(
      AccountDeletions.Resources resources,
      AccountsConfiguration config,
      AuditLog audit,
      Clock clock,
      DeletionHook hook) {
    return AccountDeletions.create(resources, config.toSettings(), audit, clock, hook);
  }

  @Singleton
  QueuedDeletions queuedDeletions(AccountDeletion deletion, AuditLog audit, Clock clock) {
    return new QueuedDeletions(deletion, audit, clock);
  }

  /** {@code arn:aws:s3:::name} → {@code name}; a plain name stays as it is. */
  static String name(String bucketOrArn) {
    int colons = bucketOrArn.lastIndexOf(":::");
    return colons < 0 ? bucketOrArn : bucketOrArn.substring(colons + 3);
  }
}
