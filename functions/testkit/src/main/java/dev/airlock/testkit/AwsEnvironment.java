package dev.airlock.testkit;

import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What an integration scenario sees of an AWS-compatible environment: SDK clients for the primary
 * and the replica region, and the queues, buckets and service keys of {@code template.yaml},
 * provisioned identically everywhere by {@link dev.airlock.emulators.stack.Provisioner}.
 *
 * <p>Two implementations: {@link LocalAws}, the embedded stand-ins (always available; resolve with
 * {@link LocalAwsExtension}), and {@link LocalStackAws}, LocalStack in a Docker container (resolve
 * with {@link LocalStackAwsExtension} in a {@code *DockerIT} that is skipped without Docker). A
 * scenario class that takes an {@code AwsEnvironment} parameter runs unchanged on either.
 *
 * <p>What differs: key-state behaviour (a disabled or deletion-pending key refusing to decrypt) is
 * specified only against the embedded KMS, Airlock's own endpoint, which enforces it as AWS KMS
 * documents; crypto-shredding depends on exactly that, so scenarios about key state stay
 * embedded-only. Both environments are shared by every test in the JVM: use unique keys, prefixes
 * and queues per test.
 */
public interface AwsEnvironment {

  S3Client s3();

  /** S3 in the replica region. */
  S3Client s3Replica();

  SqsClient sqs();

  KmsClient kms();

  /** KMS in the replica region, where the multi-region service keys have replicas. */
  KmsClient kmsReplica();

  String region();

  String replicaRegion();

  /**
   * Queue URL by template logical id, e.g. {@code AnalysisQueue}.
   *
   * @throws IllegalArgumentException if the template declares no such queue
   */
  String queueUrl(String logicalId);

  /**
   * Bucket name by template logical id, e.g. {@code StateBucket}.
   *
   * @throws IllegalArgumentException if the template declares no such bucket
   */
  String bucket(String logicalId);

  /**
   * Primary-region ARN of a service key by template logical id, e.g. {@code StateKey}.
   *
   * @throws IllegalArgumentException if the template declares no such key
   */
  String keyArn(String logicalId);

  /**
   * Bare key id of a service key (what S3 SSE-KMS headers carry here).
   *
   * @throws IllegalArgumentException if the template declares no such key
   */
  String keyId(String logicalId);

  /**
   * Micronaut configuration pointing the functions' AWS clients and resource names at this
   * environment ({@code aws.services.<svc>.endpoint-override} etc.), for {@code
   * ApplicationContext.run(props)}.
   */
  Map<String, Object> micronautProperties();
}
