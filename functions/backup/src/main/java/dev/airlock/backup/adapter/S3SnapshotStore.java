package dev.airlock.backup.adapter;

import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.SnapshotRef;
import dev.airlock.backup.port.BackupStoreException;
import dev.airlock.backup.port.SnapshotStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * {@link SnapshotStore} on one S3 bucket. Archives are multipart uploads whose parts are buffered
 * one at a time ({@code partBytes}, at least 5 MiB as S3 requires), each sent with a SHA-256
 * checksum: S3 then keeps a composite checksum that replicas carry too, and a bucket with Object
 * Lock (which demands a checksum on every upload) accepts them. Manifests are written with {@code
 * If-None-Match: *}.
 *
 * <p>SSE-KMS: every write names {@code sseKmsKeyId} when configured (real S3 accepts an id, ARN or
 * alias; S3Mock only a bare key id), else the bucket default applies.
 */
public final class S3SnapshotStore implements SnapshotStore {

  /** S3's minimum size of every part but the last. */
  public static final int MIN_PART_BYTES = 5 * 1024 * 1024;

  /** Archives are read in ranged GETs of this size (see {@link SegmentedObjectStream}). */
  static final long SEGMENT_BYTES = 8L * 1024 * 1024;

  /** Manifests are a few kilobytes; anything far larger is not one of ours. */
  static final long MAX_MANIFEST_BYTES = 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final BackupRegion region;
  private final String sseKmsKeyId;
  private final int partBytes;

  /**
   * @param sseKmsKeyId the SSE-KMS key for writes, or null for the bucket default
   * @param partBytes bytes per multipart part (memory held per upload)
   */
  public S3SnapshotStore(
      S3Client s3, String bucket, BackupRegion region, String sseKmsKeyId, int partBytes) {
    if (s3 == null || bucket == null || bucket.isBlank() || region == null) {
      throw new IllegalArgumentException("an S3 client, bucket and region are required");
    }
    if (partBytes < MIN_PART_BYTES) {
      throw new IllegalArgumentException("parts must be at least 5 MiB");
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.region = region;
    this.sseKmsKeyId = sseKmsKeyId == null || sseKmsKeyId.isBlank() ? null : sseKmsKeyId;
    this.partBytes = partBytes;
  }

  @Override
  public BackupRegion region() {
    return region;
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public List<SnapshotRef> listManifests() {
    List<SnapshotRef> refs = new ArrayList<>();
    for (String series : List.of(SnapshotRef.HOURLY, SnapshotRef.MONTHLY)) {
      String token = null;
      do {
        final String t = token;
        ListObjectsV2Response page;
        try {
          page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(series + "/").continuationToken(t));
        } catch (SdkException e) {
          throw S3Errors.failure("list snapshots", e);
        }
        for (S3Object o : page.contents()) {
          SnapshotRef ref = SnapshotRef.fromManifestKey(o.key());
          if (ref != null) {
            refs.add(ref);
          }
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    }
    return refs;
  }

  @Override
  public Optional<byte[]> readManifest(SnapshotRef ref) {
    try {
      ResponseBytes<GetObjectResponse> bytes =
          s3.getObjectAsBytes(r -> r.bucket(bucket).key(ref.manifestKey()));
      if (bytes.response().contentLength() != null
          && bytes.response().contentLength() > MAX_MANIFEST_BYTES) {
        throw new BackupStoreException("manifest object is too large", null);
      }
      return Optional.of(bytes.asByteArray());
    } catch (SdkException e) {
      if (S3Errors.notFound(e)) {
        return Optional.empty();
      }
      throw S3Errors.failure("read a manifest", e);
    }
  }

  @Override
  public Optional<ObjectFacts> describe(String key) {
    try {
      HeadObjectResponse h =
          s3.headObject(r -> r.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
      return Optional.of(
          new ObjectFacts(
              h.contentLength(),
              h.versionId(),
              h.checksumSHA256(),
              replication(h.replicationStatusAsString()),
              h.lastModified()));
    } catch (SdkException e) {
      if (S3Errors.notFound(e)) {
        return Optional.empty();
      }
      throw S3Errors.failure("describe a backup object", e);
    }
  }

  static ReplicationStatus replication(String status) {
    if (status == null || status.isBlank()) {
      return ReplicationStatus.NONE;
    }
    return switch (status.toUpperCase(java.util.Locale.ROOT)) {
      case "PENDING" -> ReplicationStatus.PENDING;
      case "COMPLETE", "COMPLETED" -> ReplicationStatus.COMPLETED;
      case "FAILED" -> ReplicationStatus.FAILED;
      case "REPLICA" -> ReplicationStatus.REPLICA;
      default -> ReplicationStatus.NONE;
    };
  }

  @Override
  public InputStream open(String key, String versionId) {
    try {
      return new SegmentedObjectStream(
          s3,
          bucket,
          key,
          s3.getObject(r -> r.bucket(bucket).key(key).versionId(versionId)),
          SEGMENT_BYTES);
    } catch (SdkException e) {
      throw S3Errors.failure("read a backup object", e);
    }
  }

  @Override
  public boolean createIfAbsent(String key, byte[] bytes, String contentType) {
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType(contentType)
            .ifNoneMatch("*")
            .checksumAlgorithm(ChecksumAlgorithm.SHA256);
    if (sseKmsKeyId != null) {
      put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(sseKmsKeyId);
    }
    try {
      s3.putObject(put.build(), RequestBody.fromBytes(bytes));
      return true;
    } catch (SdkException e) {
      if (S3Errors.preconditionFailed(e)) {
        return false;
      }
      throw S3Errors.failure("write a manifest", e);
    }
  }

  @Override
  public ArchiveUpload beginUpload(String key) {
    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType("application/octet-stream")
            .checksumAlgorithm(ChecksumAlgorithm.SHA256);
    if (sseKmsKeyId != null) {
      create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(sseKmsKeyId);
    }
    try {
      String uploadId = s3.createMultipartUpload(create.build()).uploadId();
      return new MultipartUpload(key, uploadId);
    } catch (SdkException e) {
      throw S3Errors.failure("start an archive upload", e);
    }
  }

  /** One multipart upload: a part-sized buffer, sent whenever it fills. */
  private final class MultipartUpload extends OutputStream implements ArchiveUpload {
    private final String key;
    private final String uploadId;
    private final byte[] buffer = new byte[partBytes];
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long size;
    private boolean completed;
    private boolean aborted;

    MultipartUpload(String key, String uploadId) {
      this.key = key;
      this.uploadId = uploadId;
    }

    @Override
    public OutputStream stream() {
      return this;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (completed || aborted) {
        throw new IOException("upload is closed");
      }
      while (len > 0) {
        int n = Math.min(len, buffer.length - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == buffer.length) {
          sendPart();
        }
      }
    }

    private void sendPart() throws IOException {
      int partNumber = parts.size() + 1;
      int length = filled;
      try {
        UploadPartResponse r =
            s3.uploadPart(
                u ->
                    u.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(partNumber)
                        .contentLength((long) length)
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromContentProvider(
                    () -> new ByteArrayInputStream(buffer, 0, length),
                    length,
                    "application/octet-stream"));
        parts.add(
            CompletedPart.builder()
                .partNumber(partNumber)
                .eTag(r.eTag())
                .checksumSHA256(r.checksumSHA256())
                .build());
        size += length;
        filled = 0;
      } catch (SdkException e) {
        throw new IOException("could not upload an archive part: " + S3Errors.code(e), e);
      }
    }

    @Override
    public UploadedObject complete() {
      if (completed) {
        throw new IllegalStateException("upload already completed");
      }
      try {
        if (filled > 0 || parts.isEmpty()) {
          sendPart();
        }
        CompleteMultipartUploadResponse r =
            s3.completeMultipartUpload(
                c ->
                    c.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
        completed = true;
        return new UploadedObject(r.versionId(), size, r.checksumSHA256());
      } catch (IOException e) {
        throw new BackupStoreException(e.getMessage(), e);
      } catch (SdkException e) {
        // A retried completion whose first attempt succeeded answers NoSuchUpload: the key is
        // this snapshot's alone, so an object of the uploaded size there is this upload.
        Optional<ObjectFacts> done = describe(key);
        if (done.isPresent() && done.get().size() == size) {
          completed = true;
          return new UploadedObject(done.get().versionId(), size, done.get().checksumSha256());
        }
        throw S3Errors.failure("complete an archive upload", e);
      }
    }

    @Override
    public void abort() {
      if (completed || aborted) {
        return;
      }
      aborted = true;
      try {
        s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException e) {
        // The bucket's lifecycle rule aborts incomplete uploads after a day anyway.
      }
    }

    @Override
    public void close() {
      // Completing or aborting is explicit; closing the stream does neither.
    }
  }
}
