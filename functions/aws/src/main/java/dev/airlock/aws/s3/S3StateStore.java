package dev.airlock.aws.s3;

import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StateStoreException;
import dev.airlock.core.state.StoredObject;
import dev.airlock.core.state.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link StateStore} on one S3 bucket. Every write is conditional ({@code If-None-Match: *} to
 * create, {@code If-Match: <etag>} to replace) and SSE-KMS encrypted with the configured key; S3's
 * {@code 412 Precondition Failed} and {@code 409 ConditionalRequestConflict} (a concurrent
 * conditional write) become {@link WriteResult.Conflict}. Nothing is ever written blindly.
 *
 * <p>The SSE-KMS key id is passed exactly as configured. Real S3 accepts a key id, ARN or alias;
 * S3Mock 4.x wants the bare key id (an ARN gets {@code 400 KMS.NotFoundException}), so local
 * configuration gives the bare id. {@code null} leaves encryption to the bucket default.
 *
 * <p>User metadata travels as {@code x-amz-meta-*} headers, which S3 stores lower-cased: use
 * lower-case metadata keys (as {@code airlock-enc} does) so they read back unchanged.
 *
 * <p>Other service or transport failures throw {@link StateStoreException} naming the operation,
 * key and S3 error code, never object contents.
 */
public final class S3StateStore implements StateStore {

  private static final String CONTENT_TYPE = "application/octet-stream";

  private final S3Client s3;
  private final String bucket;
  private final String sseKmsKeyId;
  private final int listPageSize;

  /**
   * @param s3 the client (owned by the caller)
   * @param bucket the state bucket
   * @param sseKmsKeyId the KMS key for SSE-KMS on every put, or null for the bucket default
   */
  public S3StateStore(S3Client s3, String bucket, String sseKmsKeyId) {
    this(s3, bucket, sseKmsKeyId, 1000);
  }

  /** As above, listing {@code listPageSize} keys per request (S3's maximum and default: 1000). */
  public S3StateStore(S3Client s3, String bucket, String sseKmsKeyId, int listPageSize) {
    if (s3 == null || bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("an S3 client and a bucket are required");
    }
    if (listPageSize < 1 || listPageSize > 1000) {
      throw new IllegalArgumentException("list page size must be 1..1000");
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.sseKmsKeyId = sseKmsKeyId == null || sseKmsKeyId.isBlank() ? null : sseKmsKeyId;
    this.listPageSize = listPageSize;
  }

  /** The bucket this store writes to. */
  public String bucket() {
    return bucket;
  }

  @Override
  public Optional<StoredObject> get(String key) {
    requireKey(key);
    try {
      ResponseBytes<GetObjectResponse> bytes =
          s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build());
      GetObjectResponse r = bytes.response();
      return Optional.of(new StoredObject(key, bytes.asByteArray(), r.eTag(), r.metadata()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("get", key, e);
    }
  }

  @Override
  public WriteResult createIfAbsent(String key, byte[] value, Map<String, String> metadata) {
    requireKey(key);
    return put(key, value, metadata, put(key, metadata).ifNoneMatch("*"));
  }

  @Override
  public WriteResult replaceIfMatch(
      String key, byte[] value, String expectedEtag, Map<String, String> metadata) {
    requireKey(key);
    if (expectedEtag == null || expectedEtag.isBlank()) {
      throw new IllegalArgumentException("an expected ETag is required");
    }
    return put(key, value, metadata, put(key, metadata).ifMatch(expectedEtag));
  }

  private PutObjectRequest.Builder put(String key, Map<String, String> metadata) {
    PutObjectRequest.Builder b =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType(CONTENT_TYPE)
            .metadata(metadata == null ? Map.of() : metadata);
    if (sseKmsKeyId != null) {
      b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(sseKmsKeyId);
    }
    return b;
  }

  private WriteResult put(
      String key, byte[] value, Map<String, String> metadata, PutObjectRequest.Builder request) {
    if (value == null) {
      throw new IllegalArgumentException("value is required");
    }
    try {
      PutObjectResponse r = s3.putObject(request.build(), RequestBody.fromBytes(value));
      return new WriteResult.Written(r.eTag());
    } catch (AwsServiceException e) {
      if (isLostRace(e)) {
        return new WriteResult.Conflict(key);
      }
      throw failure("put", key, e);
    } catch (SdkException e) {
      throw failure("put", key, e);
    }
  }

  /**
   * 412: the precondition failed (exists / changed). 409: another conditional write to the key was
   * in flight. 404 on If-Match: the object is gone, which the port also calls a conflict.
   */
  private static boolean isLostRace(AwsServiceException e) {
    int status = e.statusCode();
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return status == 412
        || status == 409
        || "PreconditionFailed".equals(code)
        || "ConditionalRequestConflict".equals(code)
        || status == 404 && "NoSuchKey".equals(code);
  }

  @Override
  public List<String> list(String prefix) {
    try {
      List<String> keys = new ArrayList<>();
      for (S3Object o :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder()
                      .bucket(bucket)
                      .prefix(prefix)
                      .maxKeys(listPageSize)
                      .build())
              .contents()) {
        keys.add(o.key());
      }
      keys.sort(null);
      return keys;
    } catch (SdkException e) {
      throw failure("list", prefix, e);
    }
  }

  @Override
  public int deleteAllVersions(String key) {
    requireKey(key);
    try {
      List<String> versionIds = new ArrayList<>();
      for (ListObjectVersionsResponse page :
          s3.listObjectVersionsPaginator(
              ListObjectVersionsRequest.builder()
                  .bucket(bucket)
                  .prefix(key)
                  .maxKeys(listPageSize)
                  .build())) {
        // The listing is by prefix: keep the exact key only (not "key-2" or "key/child").
        for (ObjectVersion v : page.versions()) {
          if (key.equals(v.key())) {
            versionIds.add(v.versionId());
          }
        }
        for (DeleteMarkerEntry m : page.deleteMarkers()) {
          if (key.equals(m.key())) {
            versionIds.add(m.versionId());
          }
        }
      }
      for (String versionId : versionIds) {
        s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(versionId));
      }
      return versionIds.size();
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
  }

  private static void requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("an object key is required");
    }
  }

  private StateStoreException failure(String op, String key, SdkException e) {
    String detail =
        e instanceof AwsServiceException se && se.awsErrorDetails() != null
            ? se.statusCode() + " " + se.awsErrorDetails().errorCode()
            : e.getClass().getSimpleName();
    return new StateStoreException("S3 " + op + " failed for " + key + ": " + detail, e);
  }
}
