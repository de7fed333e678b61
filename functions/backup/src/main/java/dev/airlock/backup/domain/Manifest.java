package dev.airlock.backup.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A snapshot's manifest ({@code <series>/<id>/manifest.json}), written last: a snapshot without one
 * is incomplete and ignored. It is not secret (the data key in it is wrapped by KMS) and not
 * trusted either: every digest and count in it is checked against the archive on verify and
 * restore, and the data key is unwrapped with the encryption context derived from the snapshot id,
 * not the one stored here.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param snapshotId the {@link SnapshotId}
 * @param series {@link SnapshotRef#HOURLY} or {@link SnapshotRef#MONTHLY}
 * @param snapshotTime the point in time the snapshot captures: each object's version current just
 *     before it
 * @param startedAt when the run started
 * @param completedAt when the archive upload completed
 * @param previousSnapshotId the latest complete snapshot when this one started, or null
 * @param sourceBucket the state bucket
 * @param objectCount objects in the archive
 * @param contentBytes total bytes of those objects
 * @param plaintextBytes length of the archive plaintext ({@code ArchiveFormat}) before compression
 * @param plaintextSha256 SHA-256 (hex) of that plaintext
 * @param ciphertextBytes length of the archive object
 * @param ciphertextSha256 SHA-256 (hex) of the archive object's bytes
 * @param archiveChecksum S3's checksum of the archive object (multipart: SHA-256 of the parts'
 *     SHA-256s, base64, {@code -<parts>}), for replica checks without reading the replica; or null
 * @param archiveVersionId the archive object's S3 version id in the primary bucket, or null
 * @param compression {@code none} or {@code deflate}
 * @param chunkBytes plaintext bytes per sealed chunk
 * @param chunkCount sealed chunks, including the final one
 * @param cipher {@link #CIPHER}
 * @param kmsKeyId the ARN of the backup key that wrapped the data key (primary region)
 * @param wrappedDataKey the KMS ciphertext of the data key, base64
 * @param encryptionContext the KMS encryption context bound to the wrapped key
 */
@Serdeable
public record Manifest(
    int formatVersion,
    String snapshotId,
    String series,
    Instant snapshotTime,
    Instant startedAt,
    Instant completedAt,
    @Nullable String previousSnapshotId,
    String sourceBucket,
    long objectCount,
    long contentBytes,
    long plaintextBytes,
    String plaintextSha256,
    long ciphertextBytes,
    String ciphertextSha256,
    @Nullable String archiveChecksum,
    @Nullable String archiveVersionId,
    String compression,
    int chunkBytes,
    long chunkCount,
    String cipher,
    String kmsKeyId,
    String wrappedDataKey,
    Map<String, String> encryptionContext) {

  public static final int FORMAT_VERSION = 1;
  public static final String CIPHER = "AES-256-GCM-chunked";

  /** Encryption-context names bound to every snapshot's data key. */
  public static final String CONTEXT_PURPOSE = "airlock:purpose";

  public static final String CONTEXT_SNAPSHOT = "airlock:snapshot";
  public static final String PURPOSE = "backup-snapshot";

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public Manifest {
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException("manifest format version is unsupported");
    }
    SnapshotId.require(snapshotId);
    new SnapshotRef(series, snapshotId);
    if (previousSnapshotId != null) {
      SnapshotId.require(previousSnapshotId);
    }
    if (snapshotTime == null || startedAt == null || completedAt == null) {
      throw new IllegalArgumentException("manifest times are required");
    }
    if (sourceBucket == null || sourceBucket.isBlank()) {
      throw new IllegalArgumentException("manifest source bucket is required");
    }
    if (objectCount < 0 || contentBytes < 0 || plaintextBytes < 0 || ciphertextBytes < 0) {
      throw new IllegalArgumentException("manifest counts must not be negative");
    }
    if (plaintextSha256 == null || !SHA256_HEX.matcher(plaintextSha256).matches()) {
      throw new IllegalArgumentException("manifest plaintext digest is malformed");
    }
    if (ciphertextSha256 == null || !SHA256_HEX.matcher(ciphertextSha256).matches()) {
      throw new IllegalArgumentException("manifest ciphertext digest is malformed");
    }
    Compression.parse(compression);
    if (chunkBytes <= 0 || chunkCount <= 0) {
      throw new IllegalArgumentException("manifest chunk figures are invalid");
    }
    if (!CIPHER.equals(cipher)) {
      throw new IllegalArgumentException("manifest cipher is unsupported");
    }
    if (kmsKeyId == null || kmsKeyId.isBlank()) {
      throw new IllegalArgumentException("manifest key id is required");
    }
    if (wrappedDataKey == null || wrappedDataKey.isBlank()) {
      throw new IllegalArgumentException("manifest wrapped key is required");
    }
    try {
      Base64.getDecoder().decode(wrappedDataKey);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("manifest wrapped key is not base64");
    }
    encryptionContext =
        encryptionContext == null
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(encryptionContext));
  }

  /** The encryption context every snapshot's data key is bound to. */
  public static Map<String, String> contextFor(String snapshotId) {
    return Map.of(CONTEXT_PURPOSE, PURPOSE, CONTEXT_SNAPSHOT, SnapshotId.require(snapshotId));
  }

  /** Where this snapshot lives. */
  public SnapshotRef ref() {
    return new SnapshotRef(series, snapshotId);
  }

  /** The wrapped data key's bytes. */
  public byte[] wrappedKeyBytes() {
    return Base64.getDecoder().decode(wrappedDataKey);
  }
}
