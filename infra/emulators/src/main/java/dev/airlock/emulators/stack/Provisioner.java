package dev.airlock.emulators.stack;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the queues, buckets and service keys of {@link LocalResources} through ordinary AWS SDK
 * clients, so every AWS-compatible endpoint (the embedded stand-ins, LocalStack in a container) is
 * provisioned the same way. Each step is safe to repeat against endpoints that kept their state:
 * keys are found by alias before one is created, existing buckets are kept, and {@code CreateQueue}
 * with unchanged attributes returns the existing queue.
 *
 * <p>The region of each client decides where a resource lands (the replica clients' region is the
 * replica region). Any SDK failure propagates unchanged: a half-provisioned stack is not usable.
 */
public final class Provisioner {
  private Provisioner() {}

  /**
   * Creates each service key once (found again by its alias), with rotation on; a multi-region key
   * is replicated to {@code kmsReplica}'s region and given the same alias there.
   *
   * @return logical id (e.g. {@code StateKey}) → primary-region key ARN
   */
  public static Map<String, String> ensureServiceKeys(KmsClient kms, KmsClient kmsReplica) {
    String replicaRegion = regionOf(kmsReplica.serviceClientConfiguration().region());
    Map<String, String> arns = new LinkedHashMap<>();
    List<AliasListEntry> aliases = kms.listAliases().aliases();
    for (LocalResources.Key key : LocalResources.KEYS) {
      String arn =
          aliases.stream()
              .filter(a -> key.alias().equals(a.aliasName()) && a.targetKeyId() != null)
              .findFirst()
              .map(a -> kms.describeKey(r -> r.keyId(a.targetKeyId())).keyMetadata().arn())
              .orElse(null);
      if (arn == null) {
        KeyMetadata md =
            kms.createKey(
                    r ->
                        r.multiRegion(key.multiRegion())
                            .description("Airlock " + key.logicalId() + " (local)"))
                .keyMetadata();
        kms.createAlias(r -> r.aliasName(key.alias()).targetKeyId(md.keyId()));
        kms.enableKeyRotation(r -> r.keyId(md.keyId()));
        if (key.multiRegion()) {
          kms.replicateKey(r -> r.keyId(md.keyId()).replicaRegion(replicaRegion));
          kmsReplica.createAlias(r -> r.aliasName(key.alias()).targetKeyId(md.keyId()));
        }
        arn = md.arn();
      }
      arns.put(key.logicalId(), arn);
    }
    return Map.copyOf(arns);
  }

  /**
   * Creates the queues in declaration order (DLQs first), each with its visibility timeout, FIFO
   * settings and redrive policy.
   *
   * @return logical id (e.g. {@code AnalysisQueue}) → queue URL
   */
  public static Map<String, String> createQueues(SqsClient sqs) {
    Map<String, String> urls = new LinkedHashMap<>();
    for (LocalResources.Queue q : LocalResources.QUEUES) {
      Map<QueueAttributeName, String> attrs = new LinkedHashMap<>();
      attrs.put(
          QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(q.visibilityTimeoutSeconds()));
      if (q.fifo()) {
        attrs.put(QueueAttributeName.FIFO_QUEUE, "true");
        attrs.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
      }
      if (q.deadLetterLogicalId() != null) {
        String dlqUrl = urls.get(q.deadLetterLogicalId());
        String dlqArn =
            sqs.getQueueAttributes(
                    r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        attrs.put(
            QueueAttributeName.REDRIVE_POLICY,
            "{\"deadLetterTargetArn\":\""
                + dlqArn
                + "\",\"maxReceiveCount\":\""
                + q.maxReceiveCount()
                + "\"}");
      }
      String url = sqs.createQueue(r -> r.queueName(q.name()).attributes(attrs)).queueUrl();
      urls.put(q.logicalId(), url);
    }
    return Map.copyOf(urls);
  }

  /**
   * Creates each bucket (if absent) in its region and turns versioning on. Outside {@code
   * us-east-1} the request names its region as location constraint, as S3 requires.
   */
  public static void createBuckets(S3Client s3, S3Client s3Replica) {
    for (LocalResources.Bucket b : LocalResources.BUCKETS) {
      S3Client client = b.replicaRegion() ? s3Replica : s3;
      String region = regionOf(client.serviceClientConfiguration().region());
      boolean exists =
          client.listBuckets().buckets().stream().anyMatch(x -> x.name().equals(b.name()));
      if (!exists) {
        if (Region.US_EAST_1.id().equals(region)) {
          client.createBucket(r -> r.bucket(b.name()));
        } else {
          client.createBucket(
              r -> r.bucket(b.name()).createBucketConfiguration(c -> c.locationConstraint(region)));
        }
      }
      client.putBucketVersioning(
          r ->
              r.bucket(b.name())
                  .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
  }

  /** The bare key id of a key ARN (what S3 SSE-KMS headers carry in the local stand-ins). */
  public static String keyId(String keyArn) {
    if (keyArn == null || keyArn.indexOf('/') < 0) {
      throw new IllegalArgumentException("not a key ARN");
    }
    return keyArn.substring(keyArn.lastIndexOf('/') + 1);
  }

  /**
   * Micronaut configuration pointing a function's AWS clients and resource names at provisioned
   * endpoints ({@code aws.services.<svc>.endpoint-override}, {@code airlock.queues.*}, {@code
   * airlock.buckets.*}, {@code airlock.keys.*}). One KMS endpoint serves both regions: the region
   * comes from each request's SigV4 scope.
   *
   * @param queueUrls what {@link #createQueues} returned
   * @param keyArns what {@link #ensureServiceKeys} returned
   */
  public static Map<String, Object> functionProperties(
      String region,
      String replicaRegion,
      URI sqsEndpoint,
      URI s3Endpoint,
      URI s3ReplicaEndpoint,
      URI kmsEndpoint,
      Map<String, String> queueUrls,
      Map<String, String> keyArns) {
    String stateKey = keyArns.get(LocalResources.STATE_KEY.logicalId());
    String backupKey = keyArns.get(LocalResources.BACKUP_KEY.logicalId());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("aws.region", region);
    p.put("aws.replica-region", replicaRegion);
    p.put("aws.services.sqs.endpoint-override", sqsEndpoint.toString());
    p.put("aws.services.s3.endpoint-override", s3Endpoint.toString());
    p.put("aws.services.s3-replica.endpoint-override", s3ReplicaEndpoint.toString());
    p.put("aws.services.kms.endpoint-override", kmsEndpoint.toString());
    p.put("aws.services.kms-replica.endpoint-override", kmsEndpoint.toString());
    p.put("aws.accessKeyId", "airlock-local");
    p.put("aws.secretKey", "airlock-local");
    p.put("airlock.queues.analysis", queueUrls.get(LocalResources.ANALYSIS_QUEUE.logicalId()));
    p.put(
        "airlock.queues.account-deletion",
        queueUrls.get(LocalResources.ACCOUNT_DELETION_QUEUE.logicalId()));
    p.put("airlock.buckets.state", LocalResources.STATE_BUCKET.name());
    p.put("airlock.buckets.backup", LocalResources.BACKUP_BUCKET.name());
    p.put("airlock.buckets.backup-replica", LocalResources.REPLICA_BACKUP_BUCKET.name());
    p.put("airlock.buckets.state-standby", LocalResources.STANDBY_STATE_BUCKET.name());
    p.put("airlock.keys.state", stateKey);
    p.put("airlock.keys.state-sse", keyId(stateKey));
    p.put("airlock.keys.backup", backupKey);
    p.put("airlock.keys.backup-sse", keyId(backupKey));
    return p;
  }

  private static String regionOf(Region region) {
    if (region == null) {
      throw new IllegalArgumentException("a client with a region is required");
    }
    return region.id();
  }
}
