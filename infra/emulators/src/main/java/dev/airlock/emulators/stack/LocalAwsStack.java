package dev.airlock.emulators.stack;

import dev.airlock.emulators.kms.LocalKmsConfig;
import dev.airlock.emulators.kms.LocalKmsServer;
import dev.airlock.emulators.s3.S3MockProcess;
import dev.airlock.emulators.sqs.ElasticMqServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The embedded local AWS stack: the local KMS endpoint (both regions), ElasticMQ, and two S3Mock
 * processes (primary and replica region), provisioned with the queues, buckets and keys of {@link
 * LocalResources}. Everything binds to loopback on free ports. Start once per JVM; {@link #close()}
 * stops every child process.
 */
public final class LocalAwsStack implements AutoCloseable {
  private final LocalAwsStackConfig config;
  private final LocalKmsServer kmsServer;
  private final ElasticMqServer sqsServer;
  private final S3MockProcess s3Primary;
  private final S3MockProcess s3Replica;
  private final Map<String, String> queueUrls;
  private final Map<String, String> keyArns;
  private final S3Client s3;
  private final S3Client s3ReplicaClient;
  private final SqsClient sqs;
  private final KmsClient kms;
  private final KmsClient kmsReplica;

  private LocalAwsStack(
      LocalAwsStackConfig config,
      LocalKmsServer kmsServer,
      ElasticMqServer sqsServer,
      S3MockProcess s3Primary,
      S3MockProcess s3Replica,
      Map<String, String> keyArns) {
    this.config = config;
    this.kmsServer = kmsServer;
    this.sqsServer = sqsServer;
    this.s3Primary = s3Primary;
    this.s3Replica = s3Replica;
    this.keyArns = Map.copyOf(keyArns);
    this.s3 = LocalClients.s3(s3Primary.endpoint(), config.region());
    this.s3ReplicaClient = LocalClients.s3(s3Replica.endpoint(), config.replicaRegion());
    this.sqs = LocalClients.sqs(sqsServer.endpoint(), config.region());
    this.kms = LocalClients.kms(kmsServer.endpoint(), config.region());
    this.kmsReplica = LocalClients.kms(kmsServer.endpoint(), config.replicaRegion());
    this.queueUrls = Provisioner.createQueues(sqs);
    Provisioner.createBuckets(s3, s3ReplicaClient);
  }

  /** Starts and provisions everything; fails (and cleans up) if any stand-in does not come up. */
  public static LocalAwsStack start(LocalAwsStackConfig config) {
    Path dir = config.stateDir().toAbsolutePath();
    try {
      Files.createDirectories(dir);
      Files.createDirectories(dir.resolve("logs"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create state directory", e);
    }
    LocalKmsServer kmsServer = null;
    ElasticMqServer sqsServer = null;
    S3MockProcess primary = null;
    S3MockProcess replica = null;
    try {
      kmsServer = startKms(config, dir);
      Map<String, String> keyArns;
      try (KmsClient kms = LocalClients.kms(kmsServer.endpoint(), config.region());
          KmsClient kmsReplica = LocalClients.kms(kmsServer.endpoint(), config.replicaRegion())) {
        keyArns = Provisioner.ensureServiceKeys(kms, kmsReplica);
      }
      List<String> primaryKeys = new ArrayList<>(keyArns.values());
      List<String> replicaKeys = new ArrayList<>();
      for (String arn : keyArns.values()) {
        replicaKeys.add(
            arn.replace(":" + config.region() + ":", ":" + config.replicaRegion() + ":"));
      }
      CompletableFuture<ElasticMqServer> sqsF =
          CompletableFuture.supplyAsync(
              () -> ElasticMqServer.start(config.region(), config.accountId()));
      CompletableFuture<S3MockProcess> replicaF =
          CompletableFuture.supplyAsync(
              () ->
                  S3MockProcess.start(
                      config.s3MockJar(),
                      dir.resolve("s3-" + config.replicaRegion()),
                      config.replicaRegion(),
                      replicaKeys,
                      dir.resolve("logs/s3mock-replica.log")));
      primary =
          S3MockProcess.start(
              config.s3MockJar(),
              dir.resolve("s3-" + config.region()),
              config.region(),
              primaryKeys,
              dir.resolve("logs/s3mock-primary.log"));
      replica = replicaF.join();
      sqsServer = sqsF.join();
      return new LocalAwsStack(config, kmsServer, sqsServer, primary, replica, keyArns);
    } catch (RuntimeException e) {
      closeQuietly(replica);
      closeQuietly(primary);
      closeQuietly(sqsServer);
      closeQuietly(kmsServer);
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort while failing or stopping
    }
  }

  public LocalAwsStackConfig config() {
    return config;
  }

  public String region() {
    return config.region();
  }

  public String replicaRegion() {
    return config.replicaRegion();
  }

  public URI sqsEndpoint() {
    return sqsServer.endpoint();
  }

  public URI s3Endpoint() {
    return s3Primary.endpoint();
  }

  public URI s3ReplicaEndpoint() {
    return s3Replica.endpoint();
  }

  /** One endpoint for both regions: the region comes from each request's SigV4 scope. */
  public URI kmsEndpoint() {
    return kmsServer.endpoint();
  }

  /** Logical id (e.g. {@code AnalysisQueue}) → queue URL. */
  public Map<String, String> queueUrls() {
    return queueUrls;
  }

  public String queueUrl(String logicalId) {
    String url = queueUrls.get(logicalId);
    if (url == null) {
      throw new IllegalArgumentException("no such queue: " + logicalId);
    }
    return url;
  }

  /** Logical id (e.g. {@code StateBucket}) → bucket name. */
  public Map<String, String> bucketNames() {
    Map<String, String> m = new LinkedHashMap<>();
    for (LocalResources.Bucket b : LocalResources.BUCKETS) {
      m.put(b.logicalId(), b.name());
    }
    return m;
  }

  /** Logical id (e.g. {@code StateKey}) → primary-region key ARN. */
  public Map<String, String> keyArns() {
    return keyArns;
  }

  /** The bare key id of a service key (what S3Mock accepts in SSE-KMS headers). */
  public String keyId(String logicalId) {
    String arn = keyArns.get(logicalId);
    if (arn == null) {
      throw new IllegalArgumentException("no such key: " + logicalId);
    }
    return Provisioner.keyId(arn);
  }

  public Path stateDir() {
    return config.stateDir().toAbsolutePath();
  }

  public S3Client s3() {
    return s3;
  }

  public S3Client s3Replica() {
    return s3ReplicaClient;
  }

  public SqsClient sqs() {
    return sqs;
  }

  public KmsClient kms() {
    return kms;
  }

  public KmsClient kmsReplica() {
    return kmsReplica;
  }

  /**
   * Micronaut configuration pointing a function's AWS clients and resource names at this stack
   * ({@code aws.services.<svc>.endpoint-override}, {@code airlock.queues.*}, {@code
   * airlock.buckets.*}, {@code airlock.keys.*}), for {@code ApplicationContext} properties.
   */
  public Map<String, Object> functionProperties() {
    return Provisioner.functionProperties(
        region(),
        replicaRegion(),
        sqsEndpoint(),
        s3Endpoint(),
        s3ReplicaEndpoint(),
        kmsEndpoint(),
        queueUrls,
        keyArns);
  }

  /** Removes every message from every queue (between independent test scenarios). */
  public void purgeQueues() {
    for (String url : queueUrls.values()) {
      sqs.purgeQueue(r -> r.queueUrl(url));
    }
  }

  @Override
  public void close() {
    closeQuietly(s3);
    closeQuietly(s3ReplicaClient);
    closeQuietly(sqs);
    closeQuietly(kms);
    closeQuietly(kmsReplica);
    closeQuietly(s3Replica);
    closeQuietly(s3Primary);
    closeQuietly(sqsServer);
    closeQuietly(kmsServer);
  }

  private static LocalKmsServer startKms(LocalAwsStackConfig config, Path dir) {
    LocalKmsConfig.Builder b = LocalKmsConfig.builder().accountId(config.accountId());
    if (config.persistKeys()) {
      b.stateFile(dir.resolve("kms-keys.DEVELOPMENT-ONLY.json"));
    }
    return LocalKmsServer.start(b.build());
  }
}
