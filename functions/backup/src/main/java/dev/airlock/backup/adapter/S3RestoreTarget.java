package dev.airlock.backup.adapter;

import dev.airlock.backup.domain.archive.ArchiveEntry;
import dev.airlock.backup.port.BackupStoreException;
import dev.airlock.backup.port.RestoreTarget;
import dev.airlock.core.crypto.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link RestoreTarget} on one S3 bucket. Restored objects keep their content type and user
 * metadata (so a tenant envelope stays marked {@code airlock-enc=envelope-v1}); SSE-KMS uses {@code
 * sseKmsKeyId} when configured, else the bucket default. Cleanup deletes every version and delete
 * marker under the prefix, in batches of 1000.
 */
public final class S3RestoreTarget implements RestoreTarget {
  private final S3Client s3;
  private final String bucket;
  private final String sseKmsKeyId;

  public S3RestoreTarget(S3Client s3, String bucket, String sseKmsKeyId) {
    if (s3 == null || bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("an S3 client and a bucket are required");
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.sseKmsKeyId = sseKmsKeyId == null || sseKmsKeyId.isBlank() ? null : sseKmsKeyId;
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public boolean isEmpty(String prefix) {
    try {
      ListObjectVersionsResponse r =
          s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix).maxKeys(1));
      return r.versions().isEmpty() && r.deleteMarkers().isEmpty();
    } catch (SdkException e) {
      throw S3Errors.failure("inspect the restore target", e);
    }
  }

  @Override
  public void put(String key, ArchiveEntry entry, InputStream content, String expectedSha256) {
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .metadata(entry.metadata())
            .contentLength(entry.length());
    if (entry.contentType() != null) {
      put.contentType(entry.contentType());
    }
    if (expectedSha256 != null) {
      // S3 checks the body against it and refuses a mismatch; and with a checksum given the SDK
      // computes none of its own (its default CRC32 over every byte).
      put.checksumSHA256(
          Base64.getEncoder().encodeToString(HexFormat.of().parseHex(expectedSha256)));
    }
    if (sseKmsKeyId != null) {
      put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(sseKmsKeyId);
    }
    try {
      s3.putObject(
          put.build(),
          entry.length() == 0
              ? RequestBody.empty()
              : RequestBody.fromInputStream(content, entry.length()));
    } catch (SdkException e) {
      throw S3Errors.failure("write a restored object", e);
    }
  }

  @Override
  public Optional<String> sha256(String key) {
    MessageDigest digest = Digests.sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, n);
      }
    } catch (SdkException e) {
      if (S3Errors.notFound(e)) {
        return Optional.empty();
      }
      throw S3Errors.failure("read back a restored object", e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading back a restored object failed", e);
    }
    return Optional.of(HexFormat.of().formatHex(digest.digest()));
  }

  @Override
  public long count(String prefix) {
    long count = 0;
    String token = null;
    try {
      do {
        final String t = token;
        ListObjectsV2Response page =
            s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(t));
        count += page.contents().size();
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw S3Errors.failure("count restored objects", e);
    }
    return count;
  }

  @Override
  public long deleteAll(String prefix) {
    long deleted = 0;
    try {
      while (true) {
        ListObjectVersionsResponse page =
            s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix));
        List<ObjectIdentifier> batch = new ArrayList<>();
        for (ObjectVersion v : page.versions()) {
          batch.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build());
        }
        for (DeleteMarkerEntry d : page.deleteMarkers()) {
          batch.add(ObjectIdentifier.builder().key(d.key()).versionId(d.versionId()).build());
        }
        if (batch.isEmpty()) {
          return deleted;
        }
        DeleteObjectsResponse r =
            s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
        if (!r.errors().isEmpty()) {
          throw new BackupStoreException(
              "could not clean up restored objects: " + r.errors().get(0).code(), null);
        }
        deleted += batch.size();
      }
    } catch (SdkException e) {
      throw S3Errors.failure("clean up restored objects", e);
    }
  }
}
