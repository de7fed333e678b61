package dev.airlock.testkit;

import dev.airlock.emulators.stack.LocalAwsStackConfig;
import dev.airlock.emulators.stack.LocalClients;
import dev.airlock.emulators.stack.LocalResources;
import dev.airlock.emulators.stack.Provisioner;
import java.net.URI;
import java.util.Map;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The {@link AwsEnvironment} of the {@code *DockerIT} tier: LocalStack (S3, SQS, KMS) in a Docker
 * container started by Testcontainers, provisioned by the same {@link Provisioner} as the embedded
 * stack, in the same two regions. Resolve it with {@link LocalStackAwsExtension} in a class
 * annotated {@code @Testcontainers(disabledWithoutDocker = true)}, so it is skipped, not failed,
 * where no Docker engine runs.
 *
 * <p>The image is pinned ({@value #DEFAULT_IMAGE}; override with the system property {@code
 * airlock.localstack.image}): the state store's optimistic updates need {@code If-Match} on {@code
 * PutObject}, which LocalStack implements from 4.1 on.
 *
 * <p>Not a stand-in for Airlock's local KMS: scenarios about key state (disabled, pending
 * deletion), on which crypto-shredding rests, are specified against the embedded KMS and are not
 * run here.
 */
public final class LocalStackAws implements AwsEnvironment, AutoCloseable {

  /** The LocalStack image the tier is written against. */
  public static final String DEFAULT_IMAGE = "localstack/localstack:4.4.0";

  /** System property that replaces {@link #DEFAULT_IMAGE}. */
  public static final String IMAGE_PROPERTY = "airlock.localstack.image";

  private final LocalStackContainer container;
  private final String region;
  private final String replicaRegion;
  private final S3Client s3;
  private final S3Client s3Replica;
  private final SqsClient sqs;
  private final KmsClient kms;
  private final KmsClient kmsReplica;
  private final Map<String, String> queueUrls;
  private final Map<String, String> keyArns;

  private LocalStackAws(LocalStackContainer container, String region, String replicaRegion) {
    this.container = container;
    this.region = region;
    this.replicaRegion = replicaRegion;
    URI endpoint = container.getEndpoint();
    // LocalStack maps any non-numeric access key to its default account, 000000000000, which is
    // also the embedded stack's account: ARNs and queue URLs look alike in both tiers.
    this.s3 = LocalClients.s3(endpoint, region);
    this.s3Replica = LocalClients.s3(endpoint, replicaRegion);
    this.sqs = LocalClients.sqs(endpoint, region);
    this.kms = LocalClients.kms(endpoint, region);
    this.kmsReplica = LocalClients.kms(endpoint, replicaRegion);
    this.keyArns = Provisioner.ensureServiceKeys(kms, kmsReplica);
    this.queueUrls = Provisioner.createQueues(sqs);
    Provisioner.createBuckets(s3, s3Replica);
  }

  /**
   * Starts the container ({@link #DEFAULT_IMAGE} unless {@value #IMAGE_PROPERTY} names another) and
   * provisions it.
   *
   * @throws IllegalStateException if no Docker engine is reachable (Testcontainers' own error)
   */
  public static LocalStackAws start() {
    return start(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE));
  }

  /**
   * Starts a container from {@code image} (a {@code localstack/localstack} tag) and provisions the
   * template's queues, buckets and service keys in {@code us-east-1} and {@code us-west-2}. Stops
   * the container again if provisioning fails.
   */
  public static LocalStackAws start(String image) {
    LocalStackContainer container =
        new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
            .withServices(Service.S3, Service.SQS, Service.KMS);
    container.start();
    try {
      return new LocalStackAws(
          container,
          LocalAwsStackConfig.DEFAULT_REGION,
          LocalAwsStackConfig.DEFAULT_REPLICA_REGION);
    } catch (RuntimeException e) {
      container.stop();
      throw e;
    }
  }

  /** One endpoint for every service and both regions (the region comes from SigV4). */
  public URI endpoint() {
    return container.getEndpoint();
  }

  @Override
  public S3Client s3() {
    return s3;
  }

  @Override
  public S3Client s3Replica() {
    return s3Replica;
  }

  @Override
  public SqsClient sqs() {
    return sqs;
  }

  @Override
  public KmsClient kms() {
    return kms;
  }

  @Override
  public KmsClient kmsReplica() {
    return kmsReplica;
  }

  @Override
  public String region() {
    return region;
  }

  @Override
  public String replicaRegion() {
    return replicaRegion;
  }

  @Override
  public String queueUrl(String logicalId) {
    String url = queueUrls.get(logicalId);
    if (url == null) {
      throw new IllegalArgumentException("unknown queue " + logicalId);
    }
    return url;
  }

  @Override
  public String bucket(String logicalId) {
    return LocalResources.BUCKETS.stream()
        .filter(b -> b.logicalId().equals(logicalId))
        .findFirst()
        .map(LocalResources.Bucket::name)
        .orElseThrow(() -> new IllegalArgumentException("unknown bucket " + logicalId));
  }

  @Override
  public String keyArn(String logicalId) {
    String arn = keyArns.get(logicalId);
    if (arn == null) {
      throw new IllegalArgumentException("unknown key " + logicalId);
    }
    return arn;
  }

  @Override
  public String keyId(String logicalId) {
    return Provisioner.keyId(keyArn(logicalId));
  }

  @Override
  public Map<String, Object> micronautProperties() {
    URI endpoint = endpoint();
    return Provisioner.functionProperties(
        region, replicaRegion, endpoint, endpoint, endpoint, endpoint, queueUrls, keyArns);
  }

  /** Closes the clients and stops the container. */
  @Override
  public void close() {
    s3.close();
    s3Replica.close();
    sqs.close();
    kms.close();
    kmsReplica.close();
    container.stop();
  }
}
