package dev.airlock.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.emulators.stack.LocalResources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@ExtendWith(LocalAwsExtension.class)
class LocalAwsStackIT {

  @Test
  void start_shouldCreateTheTemplatesQueuesWithRedriveToTheirDlq(LocalAws aws) {
    String url = aws.queueUrl("AnalysisQueue");
    Map<QueueAttributeName, String> attrs =
        aws.sqs()
            .getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
            .attributes();
    assertEquals("true", attrs.get(QueueAttributeName.FIFO_QUEUE));
    assertEquals(
        Integer.toString(6 * LocalResources.ANALYZE_TIMEOUT_SECONDS),
        attrs.get(QueueAttributeName.VISIBILITY_TIMEOUT));
    String redrive = attrs.get(QueueAttributeName.REDRIVE_POLICY);
    assertTrue(redrive.contains("airlock-analysis-dlq.fifo"), redrive);
    assertTrue(
        redrive.contains("\"maxReceiveCount\":5") || redrive.contains("\"maxReceiveCount\":\"5\""),
        redrive);
  }

  @Test
  void start_shouldCreateVersionedBucketsInBothRegions(LocalAws aws) {
    for (String b : List.of(aws.bucket("StateBucket"), aws.bucket("BackupBucket"))) {
      assertEquals(
          BucketVersioningStatus.ENABLED, aws.s3().getBucketVersioning(r -> r.bucket(b)).status());
    }
    String replica = aws.bucket("ReplicaBucket");
    assertEquals(
        BucketVersioningStatus.ENABLED,
        aws.s3Replica().getBucketVersioning(r -> r.bucket(replica)).status());
    assertFalse(
        aws.s3().listBuckets().buckets().stream().anyMatch(x -> x.name().equals(replica)),
        "the replica bucket lives only in the replica region");
  }

  @Test
  void start_shouldCreateMultiRegionServiceKeysUsableFromBothRegions(LocalAws aws) {
    Map<String, String> ctx = Map.of("purpose", "stack-test");
    GenerateDataKeyResponse dk =
        aws.kms()
            .generateDataKey(
                r ->
                    r.keyId("alias/airlock/backup")
                        .keySpec(DataKeySpec.AES_256)
                        .encryptionContext(ctx));
    SdkBytes replicaPlain =
        aws.kmsReplica()
            .decrypt(r -> r.ciphertextBlob(dk.ciphertextBlob()).encryptionContext(ctx))
            .plaintext();
    assertArrayEquals(dk.plaintext().asByteArray(), replicaPlain.asByteArray());
    assertTrue(
        aws.kmsReplica().listAliases().aliases().stream()
            .anyMatch(a -> a.aliasName().equals("alias/airlock/state")));
  }

  @Test
  void s3_shouldAcceptSseKmsWithTheServiceKeyIdAndConditionalCreate(LocalAws aws) {
    String bucket = aws.bucket("StateBucket");
    String key = "markers/stack-test/" + UUID.randomUUID();
    aws.s3()
        .putObject(
            r ->
                r.bucket(bucket)
                    .key(key)
                    .ifNoneMatch("*")
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                    .ssekmsKeyId(aws.keyId("StateKey")),
            RequestBody.fromString("one", StandardCharsets.UTF_8));
    var second =
        org.junit.jupiter.api.Assertions.assertThrows(
            software.amazon.awssdk.services.s3.model.S3Exception.class,
            () ->
                aws.s3()
                    .putObject(
                        r -> r.bucket(bucket).key(key).ifNoneMatch("*"),
                        RequestBody.fromString("two", StandardCharsets.UTF_8)));
    assertEquals(412, second.statusCode());
    assertEquals("one", aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String());
  }

  @Test
  void canaryScanner_shouldFindAPlantedCanaryInS3AndQueueAndNotElsewhere(LocalAws aws) {
    String canary = CanaryScanner.newCanary();
    String bucket = aws.bucket("StateBucket");
    String key = "markers/canary-test/" + UUID.randomUUID();
    aws.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("x" + canary + "y"));
    CanaryScanner hit = CanaryScanner.searchFor(canary).s3(aws.s3(), bucket, null);
    assertEquals(1, hit.hits().size(), hit.hits().toString());
    assertTrue(hit.hits().get(0).contains(key));

    String other = CanaryScanner.newCanary();
    CanaryScanner clean = CanaryScanner.searchFor(other).s3(aws.s3(), bucket, null);
    assertTrue(clean.hits().isEmpty());
    assertTrue(clean.placesSearched() > 0);
    aws.s3().deleteObject(r -> r.bucket(bucket).key(key));
  }
}
