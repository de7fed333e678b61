package dev.airlock.testkit;

import dev.airlock.emulators.stack.LocalAwsStack;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What a test sees of the embedded local AWS stack (ElasticMQ, two S3Mock regions, the local KMS
 * endpoint), shared by every test in the JVM. Resolve it as a test parameter (as {@code LocalAws}
 * or as {@link AwsEnvironment}) with {@link LocalAwsExtension}. Tests share queues and buckets: use
 * unique keys/prefixes per test and drain what you read. Its KMS enforces key state, so scenarios
 * about disabled or deletion-pending keys belong here.
 */
public final class LocalAws implements AwsEnvironment {
  private final LocalAwsStack stack;

  LocalAws(LocalAwsStack stack) {
    this.stack = stack;
  }

  public LocalAwsStack stack() {
    return stack;
  }

  @Override
  public S3Client s3() {
    return stack.s3();
  }

  @Override
  public S3Client s3Replica() {
    return stack.s3Replica();
  }

  @Override
  public SqsClient sqs() {
    return stack.sqs();
  }

  @Override
  public KmsClient kms() {
    return stack.kms();
  }

  @Override
  public KmsClient kmsReplica() {
    return stack.kmsReplica();
  }

  @Override
  public String region() {
    return stack.region();
  }

  @Override
  public String replicaRegion() {
    return stack.replicaRegion();
  }

  /** Endpoint by service name: {@code sqs}, {@code s3}, {@code s3-replica}, {@code kms}. */
  public URI endpoint(String service) {
    return switch (service) {
      case "sqs" -> stack.sqsEndpoint();
      case "s3" -> stack.s3Endpoint();
      case "s3-replica" -> stack.s3ReplicaEndpoint();
      case "kms" -> stack.kmsEndpoint();
      default -> throw new IllegalArgumentException("unknown service " + service);
    };
  }

  /** Queue URL by template logical id, e.g. {@code AnalysisQueue}. */
  @Override
  public String queueUrl(String logicalId) {
    return stack.queueUrl(logicalId);
  }

  /** Bucket name by template logical id, e.g. {@code StateBucket}. */
  @Override
  public String bucket(String logicalId) {
    String b = stack.bucketNames().get(logicalId);
    if (b == null) {
      throw new IllegalArgumentException("unknown bucket " + logicalId);
    }
    return b;
  }

  /** Service key ARN by template logical id, e.g. {@code StateKey}. */
  @Override
  public String keyArn(String logicalId) {
    String arn = stack.keyArns().get(logicalId);
    if (arn == null) {
      throw new IllegalArgumentException("unknown key " + logicalId);
    }
    return arn;
  }

  /** Bare key id (what S3Mock accepts in SSE-KMS headers). */
  @Override
  public String keyId(String logicalId) {
    return stack.keyId(logicalId);
  }

  public Map<String, String> queueUrls() {
    return stack.queueUrls();
  }

  public Path stateDir() {
    return stack.stateDir();
  }

  /**
   * Micronaut-style configuration pointing the functions' AWS clients at this stack ({@code
   * aws.services.<svc>.endpoint-override} etc.), for {@code ApplicationContext.run(props)}.
   */
  @Override
  public Map<String, Object> micronautProperties() {
    return stack.functionProperties();
  }
}
