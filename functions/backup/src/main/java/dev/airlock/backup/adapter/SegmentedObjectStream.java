package dev.airlock.backup.adapter;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Reads a large object as a sequence of ranged GETs of at most {@code segmentBytes} each, all
 * pinned to the first response's version (or ETag), so no single response stays open while the
 * reader works slowly through gigabytes: a stalled long download gets reset (S3 and its emulators
 * time out idle responses), a segment does not live long enough to. Objects no larger than one
 * segment are read from the first response alone, with no extra request.
 */
final class SegmentedObjectStream extends InputStream {
  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String versionId;
  private final String etag;
  private final long total;
  private final long segmentBytes;
  private ResponseInputStream<GetObjectResponse> current;
  private long position;
  private long segmentEnd;

  /**
   * @param first the object's (unranged) GET response; its first segment is read from it
   */
  SegmentedObjectStream(
      S3Client s3,
      String bucket,
      String key,
      ResponseInputStream<GetObjectResponse> first,
      long segmentBytes) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.versionId = first.response().versionId();
    this.etag = first.response().eTag();
    this.total = first.response().contentLength();
    this.segmentBytes = segmentBytes;
    this.current = first;
    this.segmentEnd = Math.min(total, segmentBytes);
  }

  /** The object's full length. */
  long length() {
    return total;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (position >= total) {
      return -1;
    }
    if (position == segmentEnd) {
      nextSegment();
    }
    int n = current.read(b, off, (int) Math.min(len, segmentEnd - position));
    if (n < 0) {
      throw new IOException("object ended before its length");
    }
    position += n;
    return n;
  }

  private void nextSegment() throws IOException {
    current.abort();
    long end = Math.min(total, position + segmentBytes);
    String range = "bytes=" + position + "-" + (end - 1);
    try {
      current =
          s3.getObject(
              r -> {
                r.bucket(bucket).key(key).range(range);
                if (versionId != null) {
                  r.versionId(versionId);
                } else {
                  r.ifMatch(etag);
                }
              });
    } catch (SdkException e) {
      throw new IOException("could not read the next segment: " + S3Errors.code(e), e);
    }
    segmentEnd = end;
  }

  @Override
  public void close() throws IOException {
    if (position < segmentEnd || position < total) {
      // Not read to the end: drop the connection rather than download the rest.
      current.abort();
    }
    current.close();
  }
}
