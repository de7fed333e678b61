package dev.airlock.aws.config;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS SDK v2 clients Airlock uses, all on the {@code url-connection-client} (the only
 * SDK HTTP client on the classpath: small, no extra threads, fast Lambda cold starts).
 *
 * <p>The Micronaut composition root ({@link AwsClientFactory}) calls these with settings read from
 * configuration; the local CLI and tests call them directly, without an application context. The
 * two-argument forms are for the local stand-ins (S3Mock, ElasticMQ, local KMS): they use fixed
 * dummy credentials, which the stand-ins accept and real AWS rejects.
 *
 * <p>Callers own the returned clients and close them.
 */
public final class AwsClients {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private AwsClients() {}

  /**
   * Settings of one client.
   *
   * @param region the region, or null for the SDK's default region chain
   * @param endpointOverride the endpoint, or null for the service's regional endpoint
   * @param credentials the credentials provider, or null for the SDK's default chain
   */
  public record Settings(Region region, URI endpointOverride, AwsCredentialsProvider credentials) {

    /** The AWS defaults: region and credentials from the environment, regional endpoints. */
    public static Settings defaults() {
      return new Settings(null, null, null);
    }

    /** A local stand-in at {@code endpoint}, with dummy credentials. */
    public static Settings local(URI endpoint, Region region) {
      if (endpoint == null || region == null) {
        throw new IllegalArgumentException("a local stand-in needs an endpoint and a region");
      }
      return new Settings(region, endpoint, localCredentials());
    }
  }

  /**
   * {@code client} built on the first {@code get()} and the same instance after that (thread-safe).
   * For adapters whose client an invocation may never need: building an SDK client loads a few
   * hundred classes, so a function builds at init only the clients its event actually calls (the
   * KMS clients of a webhook that enrolls nobody, for one). A null from {@code client} is
   * remembered too (an optional client that is not configured).
   */
  public static <T> Supplier<T> lazy(Supplier<T> client) {
    if (client == null) {
      throw new IllegalArgumentException("a client supplier is required");
    }
    return new Supplier<>() {
      private boolean built;
      private T value;

      @Override
      public synchronized T get() {
        if (!built) {
          value = client.get();
          built = true;
        }
        return value;
      }
    };
  }

  /** Dummy credentials for local stand-ins; they sign requests but open nothing real. */
  public static AwsCredentialsProvider localCredentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create("airlock-local", "airlock-local"));
  }

  /**
   * S3; with an endpoint override it uses path-style addressing, because local stand-ins are
   * reached by address, not by bucket subdomain.
   */
  public static S3Client s3(Settings settings) {
    var builder = S3Client.builder();
    configure(builder, settings);
    if (settings.endpointOverride() != null) {
      builder.forcePathStyle(true);
    }
    return builder.build();
  }

  /** S3 on a local stand-in (S3Mock). */
  public static S3Client s3(URI endpoint, Region region) {
    return s3(Settings.local(endpoint, region));
  }

  public static SqsClient sqs(Settings settings) {
    var builder = SqsClient.builder();
    configure(builder, settings);
    return builder.build();
  }

  /** SQS on a local stand-in (ElasticMQ). */
  public static SqsClient sqs(URI endpoint, Region region) {
    return sqs(Settings.local(endpoint, region));
  }

  public static KmsClient kms(Settings settings) {
    var builder = KmsClient.builder();
    configure(builder, settings);
    return builder.build();
  }

  /** KMS on a local stand-in (Airlock's local KMS endpoint). */
  public static KmsClient kms(URI endpoint, Region region) {
    return kms(Settings.local(endpoint, region));
  }

  public static SecretsManagerClient secretsManager(Settings settings) {
    var builder = SecretsManagerClient.builder();
    configure(builder, settings);
    return builder.build();
  }

  /** Secrets Manager on a local stand-in. */
  public static SecretsManagerClient secretsManager(URI endpoint, Region region) {
    return secretsManager(Settings.local(endpoint, region));
  }

  /**
   * The HTTP client of every SDK client this class builds. {@code UrlConnectionHttpClient} is
   * thread-safe and keeps no connections of its own (the JDK's keep-alive cache does, per host),
   * but its constructor builds an SSL context with the default trust managers: ~10 ms of a cold
   * start per SDK client (accounts builds four: both regions' S3 and KMS). An SDK client does not
   * close an HTTP client it was given, so this one lives as long as the process, as the clients do
   * in a Lambda environment.
   */
  static final class SharedHttp {
    static final SdkHttpClient CLIENT =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(SOCKET_TIMEOUT)
            .build();

    private SharedHttp() {}
  }

  private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> void configure(
      B builder, Settings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("client settings are required");
    }
    builder.httpClient(SharedHttp.CLIENT);
    if (settings.region() != null) {
      builder.region(settings.region());
    }
    if (settings.endpointOverride() != null) {
      builder.endpointOverride(settings.endpointOverride());
    }
    builder.credentialsProvider(
        settings.credentials() != null
            ? settings.credentials()
            : DefaultCredentialsProvider.builder().build());
  }
}
