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
 * trusted as read: the data key is unwrapped with the encryption context derived from the snapshot
 * id, not the one stored here; then, from format version 2 on, its {@link #manifestMac() tag} must
 * verify under a key derived from that data key ({@link ManifestSeal}), and every count and the
 * plaintext digest in it are checked against the archive on verify and restore. A version-1
 * manifest (written before the tag existed) has no tag: verify and restore then recompute the
 * archive's SHA-256 too, as they did when it was written.
 *
 * @param formatVersion {@link #FORMAT_VERSION}, or {@link #UNSEALED_FORMAT_VERSION} for a manifest
 *     written before tags
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
 * @param manifestMac the {@link ManifestSeal} tag (base64) of every other field: required from
 *     format version 2, absent in version 1
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
    Map<String, String> encryptionContext,
    @Nullable String manifestMac) {

  /** Manifests written now: sealed with a {@link ManifestSeal} tag. */
  public static final int FORMAT_VERSION = 2;

  /** Manifests written before the tag: still read, verified by recomputing every digest. */
  public static final int UNSEALED_FORMAT_VERSION = 1;

  public static final String CIPHER = "AES-256-GCM-chunked";

  /** Encryption-context names bound to every snapshot's data key. */
  public static final String CONTEXT_PURPOSE = "airlock:purpose";

  public static final String CONTEXT_SNAPSHOT = "airlock:snapshot";
  public static final String PURPOSE = "backup-snapshot";

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public Manifest {
    if (formatVersion != FORMAT_VERSION && formatVersion != UNSEALED_FORMAT_VERSION) {
      throw new IllegalArgumentException("manifest format version is unsupported");
    }
    if (formatVersion == UNSEALED_FORMAT_VERSION && manifestMac != null) {
      throw new IllegalArgumentException("a version-1 manifest carries no tag");
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
    if (manifestMac != null) {
      try {
        if (Base64.getDecoder().decode(manifestMac).length != ManifestSeal.TAG_BYTES) {
          throw new IllegalArgumentException("manifest tag is malformed");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("manifest tag is malformed");
      }
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

  /**
   * Whether this manifest is of the sealed format (a tag is then due, see {@link ManifestSeal}).
   */
  public boolean sealed() {
    return formatVersion >= FORMAT_VERSION;
  }

  /** This manifest with {@code tag} as its {@link #manifestMac()}. */
  public Manifest withMac(String tag) {
    return new Manifest(
        formatVersion,
        snapshotId,
        series,
        snapshotTime,
        startedAt,
        completedAt,
        previousSnapshotId,
        sourceBucket,
        objectCount,
        contentBytes,
        plaintextBytes,
        plaintextSha256,
        ciphertextBytes,
        ciphertextSha256,
        archiveChecksum,
        archiveVersionId,
        compression,
        chunkBytes,
        chunkCount,
        cipher,
        kmsKeyId,
        wrappedDataKey,
        encryptionContext,
        tag);
  }

  /** The wrapped data key's bytes. */
  public byte[] wrappedKeyBytes() {
    return Base64.getDecoder().decode(wrappedDataKey);
  }
}
