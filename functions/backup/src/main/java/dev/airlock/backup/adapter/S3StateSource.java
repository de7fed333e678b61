package dev.airlock.backup.adapter;

import dev.airlock.backup.port.BackupStoreException;
import dev.airlock.backup.port.StateSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link StateSource} on the versioned state bucket: {@code ListObjectVersions} page by page
 * (versions and delete markers merged per key, newest first) and {@code GetObject} by version id. A
 * version that is gone by the time it is read ({@code 404}) is reported as vanished.
 */
public final class S3StateSource implements StateSource {

  /** S3 orders keys by their UTF-8 bytes. */
  static final Comparator<String> S3_KEY_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  /**
   * Newest first per key. Ties: the current entry first, then a delete marker before a version (a
   * marker hides a version written before it; S3Mock even stamps a marker with the time of the
   * version it hides).
   */
  private static final Comparator<StateVersion> LISTING_ORDER =
      Comparator.comparing(StateVersion::key, S3_KEY_ORDER)
          .thenComparing(StateVersion::lastModified, Comparator.reverseOrder())
          .thenComparing(v -> !v.latest())
          .thenComparing(v -> !v.deleteMarker());

  /**
   * Asked for per listing page. S3 returns at most 1000 whatever is asked; S3Mock (4.x) pages
   * versions wrongly (it returns one entry more than asked and may report the rest as not
   * truncated, losing versions of keys with several), but honours a larger page, so a large one
   * makes local listings complete without changing anything in AWS.
   */
  static final int PAGE_KEYS = 100_000;

  /** Large objects are read in ranged GETs of this size (see {@link SegmentedObjectStream}). */
  static final long SEGMENT_BYTES = 16L * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;

  public S3StateSource(S3Client s3, String bucket) {
    if (s3 == null || bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("an S3 client and the state bucket are required");
    }
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public Iterator<StateVersion> versions() {
    return new Pages();
  }

  @Override
  public Optional<StateObject> open(String key, String versionId) {
    try {
      ResponseInputStream<GetObjectResponse> in =
          s3.getObject(r -> r.bucket(bucket).key(key).versionId(versionId));
      GetObjectResponse head = in.response();
      return Optional.of(
          new StateObject(
              new SegmentedObjectStream(s3, bucket, key, in, SEGMENT_BYTES),
              head.contentLength(),
              head.contentType(),
              head.metadata()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw S3Errors.failure("read a state object version", e);
    } catch (SdkException e) {
      throw S3Errors.failure("read a state object version", e);
    }
  }

  /** Fetches pages lazily; each page's versions and delete markers merged in listing order. */
  private final class Pages implements Iterator<StateVersion> {
    private Iterator<StateVersion> page = List.<StateVersion>of().iterator();
    private String keyMarker;
    private String versionMarker;
    private boolean more = true;

    @Override
    public boolean hasNext() {
      while (!page.hasNext() && more) {
        fetch();
      }
      return page.hasNext();
    }

    @Override
    public StateVersion next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.next();
    }

    private void fetch() {
      ListObjectVersionsResponse r;
      try {
        r =
            s3.listObjectVersions(
                b ->
                    b.bucket(bucket)
                        .keyMarker(keyMarker)
                        .versionIdMarker(versionMarker)
                        .maxKeys(PAGE_KEYS));
      } catch (SdkException e) {
        throw S3Errors.failure("list state versions", e);
      }
      List<StateVersion> entries = new ArrayList<>(r.versions().size() + r.deleteMarkers().size());
      for (ObjectVersion v : r.versions()) {
        entries.add(
            new StateVersion(
                v.key(),
                v.versionId(),
                v.lastModified(),
                v.size() == null ? 0 : v.size(),
                Boolean.TRUE.equals(v.isLatest()),
                false));
      }
      for (DeleteMarkerEntry d : r.deleteMarkers()) {
        entries.add(
            new StateVersion(
                d.key(),
                d.versionId(),
                d.lastModified(),
                0,
                Boolean.TRUE.equals(d.isLatest()),
                true));
      }
      entries.sort(LISTING_ORDER);
      page = entries.iterator();
      more = Boolean.TRUE.equals(r.isTruncated());
      keyMarker = r.nextKeyMarker();
      versionMarker = r.nextVersionIdMarker();
      if (more && keyMarker == null) {
        throw new BackupStoreException("state listing is truncated without a marker", null);
      }
    }
  }
}
