package dev.airlock.backup.port;

import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.SnapshotRef;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A backup bucket in one region: where snapshots are written (primary) and read back (either
 * region). Objects are never overwritten or deleted through this port: manifests are created only
 * if absent, archives go to fresh keys, and the bucket's Object Lock and lifecycle govern removal.
 *
 * <p>Failures of the store are {@link BackupStoreException}s.
 */
public interface SnapshotStore {

  /** Which region's bucket this is. */
  BackupRegion region();

  /** The bucket's name, for reports. */
  String bucket();

  /** Every snapshot that has a manifest object, in no particular order. */
  List<SnapshotRef> listManifests();

  /** A manifest's bytes, or empty if absent. */
  Optional<byte[]> readManifest(SnapshotRef ref);

  /** What the store says about an object, or empty if absent. */
  Optional<ObjectFacts> describe(String key);

  /**
   * Opens an object's bytes.
   *
   * @param versionId the version to read, or null for the current one
   * @throws BackupStoreException if it is absent or unreadable
   */
  InputStream open(String key, String versionId);

  /**
   * Starts a streamed upload of a new object. Memory stays bounded by the store's part size,
   * whatever is written. Nothing is visible until {@link ArchiveUpload#complete()}.
   */
  ArchiveUpload beginUpload(String key);

  /**
   * Creates an object only if the key is absent (manifests are written once).
   *
   * @return false if an object already exists at the key
   */
  boolean createIfAbsent(String key, byte[] bytes, String contentType);

  /** A streamed upload in progress. */
  interface ArchiveUpload {
    /** Where to write the object's bytes (closing it does not complete the upload). */
    OutputStream stream();

    /** Makes the object visible. */
    UploadedObject complete();

    /** Discards everything uploaded so far; safe to call after a failure, idempotent. */
    void abort();
  }

  /**
   * A completed upload.
   *
   * @param versionId the new version, or null if the bucket is not versioned
   * @param size bytes
   * @param checksumSha256 the store's checksum of the object, or null
   */
  record UploadedObject(String versionId, long size, String checksumSha256) {}

  /**
   * What the store says about an object.
   *
   * @param size bytes
   * @param versionId the current version, or null
   * @param checksumSha256 the store's SHA-256 checksum (multipart: composite), or null if it has
   *     none
   * @param replication the object's replication status
   * @param lastModified when it was written (in a replica: when the replica was written)
   */
  record ObjectFacts(
      long size,
      String versionId,
      String checksumSha256,
      ReplicationStatus replication,
      Instant lastModified) {}

  /** S3's replication status of an object; {@link #NONE} when the store reports none. */
  enum ReplicationStatus {
    NONE,
    PENDING,
    COMPLETED,
    FAILED,
    REPLICA
  }
}
