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
 * endpoint), shared by every test in the JVM. Resolve it as a test parameter with {@link
 * LocalAwsExtension}. Tests share queues and buckets: use unique keys/prefixes per test and drain
 * what you read.
 */
public final class LocalAws {
  private final LocalAwsStack stack;

  LocalAws(LocalAwsStack stack) {
    this.stack = stack;
  }

  public LocalAwsStack stack() {
    return stack;
  }

  public S3Client s3() {
    return stack.s3();
  }

  public S3Client s3Replica() {
    return stack.s3Replica();
  }

  public SqsClient sqs() {
    return stack.sqs();
  }

  public KmsClient kms() {
    return stack.kms();
  }

  public KmsClient kmsReplica() {
    return stack.kmsReplica();
  }

  public String region() {
    return stack.region();
  }

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
  public String queueUrl(String logicalId) {
    return stack.queueUrl(logicalId);
  }

  /** Bucket name by template logical id, e.g. {@code StateBucket}. */
  public String bucket(String logicalId) {
    String b = stack.bucketNames().get(logicalId);
    if (b == null) {
      throw new IllegalArgumentException("unknown bucket " + logicalId);
    }
    return b;
  }

  /** Service key ARN by template logical id, e.g. {@code StateKey}. */
  public String keyArn(String logicalId) {
    return stack.keyArns().get(logicalId);
  }

  /** Bare key id (what S3Mock accepts in SSE-KMS headers). */
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
  public Map<String, Object> micronautProperties() {
    return stack.functionProperties();
  }
}
