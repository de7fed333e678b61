package dev.airlock.backup.config;

import dev.airlock.aws.config.AwsClientFactory;
import dev.airlock.aws.config.AwsClients;
import dev.airlock.backup.BackupOperations;
import dev.airlock.backup.adapter.CloudWatchMetricsPublisher;
import dev.airlock.backup.adapter.EmfMetricsPublisher;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.Compression;
import dev.airlock.backup.port.MetricsPublisher;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.JsonLinesAuditLog;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Micronaut composition root of the backup function: reads {@link BackupSettings} from
 * configuration and hands everything to {@link BackupAssembly}.
 *
 * <p>Properties (environment variables of {@code template.yaml} in brackets):
 *
 * <ul>
 *   <li>{@code airlock.buckets.state} [AIRLOCK_STATE_BUCKET], {@code airlock.buckets.backup}
 *       [AIRLOCK_BACKUP_BUCKET], {@code airlock.buckets.backup-replica}
 *       [AIRLOCK_REPLICA_BUCKET_ARN, a bucket ARN or name; empty = no replication];
 *   <li>{@code airlock.keys.backup} [AIRLOCK_BACKUP_KEY_ID], {@code airlock.keys.backup-replica}
 *       [AIRLOCK_REPLICA_BACKUP_KEY_ARN], {@code airlock.keys.backup-sse} (SSE-KMS key for backup
 *       objects; S3Mock needs the bare key id), {@code airlock.keys.state-sse} (for restores);
 *   <li>{@code aws.replica-region} [AIRLOCK_REPLICA_REGION] and the client endpoints of {@code
 *       AwsClientFactory};
 *   <li>{@code airlock.metrics.namespace} [AIRLOCK_METRICS_NAMESPACE], {@code
 *       airlock.metrics.publisher} = {@code cloudwatch} (default, {@code PutMetricData}) or {@code
 *       emf} (Embedded Metric Format lines on standard output);
 *   <li>{@code airlock.backup.chunk-bytes}, {@code part-bytes}, {@code concurrency}, {@code
 *       compression} (none|deflate), {@code listing-delay}, {@code monthly-series}, {@code
 *       replication.window}, {@code replication.max-wait}, {@code replication.poll-interval},
 *       {@code replication.lookback}, {@code restore.bucket}, {@code drill.region}
 *       (primary|replica), {@code drill.scratch-bucket}, {@code drill.scratch-region}, {@code
 *       drill.scratch-prefix} (durations as ISO-8601 or Micronaut's {@code 15m}/{@code 500ms}).
 * </ul>
 */
@Factory
public class BackupFactory {
  static final String DEFAULT_NAMESPACE = "Airlock/local/Backup";

  @Singleton
  BackupSettings backupSettings(PropertyResolver p) {
    BackupSettings.Builder b =
        BackupSettings.builder()
            .stateBucket(first(p, "airlock.buckets.state", "airlock.state-bucket"))
            .backupBucket(first(p, "airlock.buckets.backup", "airlock.backup-bucket"))
            .replicaBucket(
                bucketName(
                    first(p, "airlock.buckets.backup-replica", "airlock.replica-bucket-arn")))
            .backupKeyId(first(p, "airlock.keys.backup", "airlock.backup-key-id"))
            .replicaBackupKeyId(
                first(p, "airlock.keys.backup-replica", "airlock.replica-backup-key-arn"))
            .backupSseKmsKeyId(first(p, "airlock.keys.backup-sse"))
            .restoreSseKmsKeyId(first(p, "airlock.keys.state-sse"))
            .restoreBucket(first(p, "airlock.backup.restore.bucket"))
            .drillScratchBucket(first(p, "airlock.backup.drill.scratch-bucket"));
    p.get("airlock.backup.chunk-bytes", Integer.class).ifPresent(b::chunkBytes);
    p.get("airlock.backup.part-bytes", Integer.class).ifPresent(b::partBytes);
    p.get("airlock.backup.concurrency", Integer.class).ifPresent(b::concurrency);
    p.get("airlock.backup.compression", String.class)
        .map(Compression::parse)
        .ifPresent(b::compression);
    p.get("airlock.backup.listing-delay", Duration.class).ifPresent(b::listingDelay);
    p.get("airlock.backup.monthly-series", Boolean.class).ifPresent(b::monthlySeries);
    p.get("airlock.backup.replication.window", Duration.class).ifPresent(b::replicationWindow);
    p.get("airlock.backup.replication.max-wait", Duration.class).ifPresent(b::replicationMaxWait);
    p.get("airlock.backup.replication.poll-interval", Duration.class)
        .ifPresent(b::replicationPollInterval);
    p.get("airlock.backup.replication.lookback", Integer.class).ifPresent(b::replicationLookback);
    p.get("airlock.backup.drill.region", String.class)
        .map(BackupRegion::parse)
        .ifPresent(b::drillRegion);
    p.get("airlock.backup.drill.scratch-region", String.class)
        .map(BackupRegion::parse)
        .ifPresent(b::drillScratchRegion);
    p.get("airlock.backup.drill.scratch-prefix", String.class).ifPresent(b::drillScratchPrefix);
    return b.build();
  }

  @Singleton
  @Secondary
  AuditLog backupAuditLog() {
    return JsonLinesAuditLog.toStdout();
  }

  @Singleton
  @Secondary
  MetricsPublisher metricsPublisher(PropertyResolver p, BeanContext context) {
    String namespace = first(p, "airlock.metrics.namespace");
    namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
    String kind = p.get("airlock.metrics.publisher", String.class).orElse("cloudwatch");
    if ("emf".equals(kind.toLowerCase(Locale.ROOT))) {
      return EmfMetricsPublisher.toStdout(namespace);
    }
    return new CloudWatchMetricsPublisher(
        context.getBean(CloudWatchClient.class), namespace, Clock.systemUTC());
  }

  /** CloudWatch client ({@code aws.services.cloudwatch.endpoint-override} like the others). */
  @Singleton
  @Bean(preDestroy = "close")
  CloudWatchClient cloudWatchClient(AwsClientFactory clients, PropertyResolver p) {
    AwsClients.Settings s = clients.settings(region(p, "aws.region"), "cloudwatch");
    var builder = CloudWatchClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    if (s.region() != null) {
      builder.region(s.region());
    }
    if (s.endpointOverride() != null) {
      builder.endpointOverride(s.endpointOverride());
    }
    if (s.credentials() != null) {
      builder.credentialsProvider(s.credentials());
    }
    return builder.build();
  }

  /**
   * The replica region's clients: the shared {@code @Named("replica")} beans when {@code
   * aws.replica-region} is set, else own ones when only {@code AIRLOCK_REPLICA_REGION} is.
   */
  @Singleton
  @Bean(preDestroy = "close")
  ReplicaClients replicaClients(
      BeanContext context, AwsClientFactory clients, PropertyResolver p, BackupSettings settings) {
    if (settings.replicaBucket() == null) {
      return new ReplicaClients(null, null, false);
    }
    Optional<S3Client> s3 =
        context.findBean(S3Client.class, Qualifiers.byName(AwsClientFactory.REPLICA));
    Optional<KmsClient> kms =
        context.findBean(KmsClient.class, Qualifiers.byName(AwsClientFactory.REPLICA));
    if (s3.isPresent() && kms.isPresent()) {
      return new ReplicaClients(s3.get(), kms.get(), false);
    }
    Region region = region(p, "aws.replica-region", "airlock.replica-region");
    if (region == null) {
      throw new IllegalStateException(
          "a replica bucket is configured but no replica region (aws.replica-region)");
    }
    return new ReplicaClients(
        AwsClients.s3(clients.settings(region, "s3-replica")),
        AwsClients.kms(clients.settings(region, "kms-replica")),
        true);
  }

  @Singleton
  BackupOperations backupOperations(
      BackupSettings settings,
      S3Client s3,
      KmsClient kms,
      ReplicaClients replica,
      AuditLog audit,
      MetricsPublisher metrics) {
    return BackupAssembly.assemble(
        settings, new BackupAssembly.Clients(s3, kms, replica.s3(), replica.kms()), audit, metrics);
  }

  /** Replica clients, closed with the context only if this factory created them. */
  public record ReplicaClients(S3Client s3, KmsClient kms, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        s3.close();
        kms.close();
      }
    }
  }

  /** A bucket name from a name or an S3 bucket ARN ({@code arn:aws:s3:::name}). */
  static String bucketName(String nameOrArn) {
    if (nameOrArn == null || nameOrArn.isBlank()) {
      return null;
    }
    int i = nameOrArn.lastIndexOf(":::");
    return i >= 0 ? nameOrArn.substring(i + 3) : nameOrArn;
  }

  private static Region region(PropertyResolver p, String... properties) {
    String r = first(p, properties);
    return r == null ? null : Region.of(r);
  }

  private static String first(PropertyResolver p, String... properties) {
    for (String name : properties) {
      if (name == null) {
        continue;
      }
      String v = p.get(name, String.class).filter(s -> !s.isBlank()).orElse(null);
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
