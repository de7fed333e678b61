package dev.airlock.accounts.adapter;

import dev.airlock.accounts.domain.VersionRef;
import dev.airlock.accounts.port.PurgeTarget;
import dev.airlock.core.state.StateStoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * {@link PurgeTarget} on one versioned S3 bucket: {@code ListObjectVersions} (versions and delete
 * markers, merged in key order) and {@code DeleteObjects} with version ids, quiet mode, up to 1000
 * at a time. S3 answers a delete of a version that no longer exists with success, and {@code
 * NoSuchKey}/{@code NoSuchVersion} per-object errors are treated the same way, so a batch can be
 * deleted twice. Any other per-object error fails the whole call.
 */
public final class S3PurgeTarget implements PurgeTarget {
  private static final Set<String> ALREADY_GONE = Set.of("NoSuchKey", "NoSuchVersion");

  private final S3Client s3;
  private final String role;
  private final String region;
  private final String bucket;

  /**
   * @param s3 a client of the bucket's region (owned by the caller)
   * @param role {@code primary} or {@code standby}
   * @param region the bucket's region, for the certificate
   * @param bucket the bucket
   */
  public S3PurgeTarget(S3Client s3, String role, String region, String bucket) {
    if (s3 == null || role == null || region == null || bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("client, role, region and bucket are required");
    }
    this.s3 = s3;
    this.role = role;
    this.region = region;
    this.bucket = bucket;
  }

  @Override
  public String role() {
    return role;
  }

  @Override
  public String region() {
    return region;
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public List<VersionRef> listVersions(String prefix, int max) {
    if (prefix == null || prefix.isEmpty() || max < 1 || max > 1000) {
      throw new IllegalArgumentException("a prefix and 1..1000 versions are required");
    }
    try {
      List<VersionRef> out = new ArrayList<>();
      String keyMarker = null;
      String versionMarker = null;
      while (true) {
        String k = keyMarker;
        String v = versionMarker;
        ListObjectVersionsResponse page =
            s3.listObjectVersions(
                r ->
                    r.bucket(bucket)
                        .prefix(prefix)
                        .maxKeys(max - out.size())
                        .keyMarker(k)
                        .versionIdMarker(v));
        for (ObjectVersion o : page.versions()) {
          out.add(new VersionRef(o.key(), versionId(o.versionId())));
        }
        for (DeleteMarkerEntry m : page.deleteMarkers()) {
          out.add(new VersionRef(m.key(), versionId(m.versionId())));
        }
        // S3 may answer a truncated page with fewer than asked for: a short answer must mean
        // "that was all" (the port's contract), so read on until full or complete.
        if (out.size() >= max
            || !Boolean.TRUE.equals(page.isTruncated())
            || page.nextKeyMarker() == null) {
          break;
        }
        keyMarker = page.nextKeyMarker();
        versionMarker = page.nextVersionIdMarker();
      }
      // Stable: the versions of one key stay together, so a key is counted once per batch.
      out.sort(Comparator.comparing(VersionRef::key));
      return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
    } catch (SdkException e) {
      throw failure("list versions", prefix, e);
    }
  }

  /** An unversioned object (written before versioning was enabled) has the version id "null". */
  private static String versionId(String id) {
    return id == null || id.isEmpty() ? "null" : id;
  }

  @Override
  public void deleteVersions(List<VersionRef> versions) {
    if (versions == null || versions.size() > 1000) {
      throw new IllegalArgumentException("at most 1000 versions per call");
    }
    if (versions.isEmpty()) {
      return;
    }
    List<ObjectIdentifier> ids = new ArrayList<>();
    for (VersionRef v : versions) {
      ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build());
    }
    DeleteObjectsResponse r;
    try {
      r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
    } catch (SdkException e) {
      throw failure("delete versions", versions.get(0).key(), e);
    }
    for (S3Error error : r.errors()) {
      if (!ALREADY_GONE.contains(error.code())) {
        throw new StateStoreException(
            "S3 delete versions failed for " + error.key() + ": " + error.code());
      }
    }
  }

  private StateStoreException failure(String op, String key, SdkException e) {
    String detail =
        e instanceof AwsServiceException se && se.awsErrorDetails() != null
            ? se.statusCode() + " " + se.awsErrorDetails().errorCode()
            : e.getClass().getSimpleName();
    return new StateStoreException(
        "S3 " + op + " failed in " + role + " bucket for " + key + ": " + detail, e);
  }
}
