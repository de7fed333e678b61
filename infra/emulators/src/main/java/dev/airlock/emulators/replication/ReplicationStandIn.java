package dev.airlock.emulators.replication;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The local stand-in for S3 Cross-Region Replication: copies every new object version of a source
 * bucket (one S3Mock instance, the primary region) to a destination bucket (the other S3Mock
 * instance, the replica region), with its user metadata and content type, and with SSE-KMS under
 * the replica key when one is configured. Delete markers are not replicated, as in Airlock's
 * replication rule. No emulator performs S3 replication, so without this the replica region would
 * stay empty locally.
 *
 * <p>It can be told to misbehave, so that the backup function's replica verifier is tested on its
 * failure paths: {@link Fault#SKIP} never copies (a replica that is missing), {@link Fault#CORRUPT}
 * copies with one byte flipped (a replica that differs; an empty object cannot be corrupted and is
 * copied as is), and {@link #lag(Duration)} holds each version back until it is that old (a replica
 * that is late). A version that was skipped or corrupted is not retried, like a failed replication.
 *
 * <p>What it is not: replicas get the destination's own version ids (S3Mock cannot set them), no
 * replication status header is set on source objects (S3Mock has none), and there is no replication
 * time control; the verifier treats an absent status as "look at the replica".
 *
 * <p>Thread-safe. A background thread polls every {@code pollInterval}; {@link #replicateOnce()}
 * runs one pass synchronously. {@link #close()} stops the thread (it does not close the clients,
 * which the caller owns).
 */
public final class ReplicationStandIn implements AutoCloseable {

  /** How the stand-in treats versions it picks up. */
  public enum Fault {
    /** Copy faithfully. */
    NONE,
    /** Drop the version: the replica never appears. */
    SKIP,
    /** Copy with one byte flipped: the replica differs from the source. */
    CORRUPT
  }

  /**
   * What the stand-in did so far.
   *
   * @param replicated versions copied faithfully
   * @param skipped versions dropped on purpose ({@link Fault#SKIP})
   * @param corrupted versions copied with a flipped byte ({@link Fault#CORRUPT})
   * @param failed versions whose copy failed (source gone, destination error)
   */
  public record Stats(long replicated, long skipped, long corrupted, long failed) {}

  /**
   * Configuration.
   *
   * @param source the primary region's S3 client
   * @param sourceBucket the bucket to replicate (versioning on)
   * @param destination the replica region's S3 client
   * @param destinationBucket the replica bucket (versioning on)
   * @param replicaSseKmsKeyId bare key id of the replica key for SSE-KMS on replicas, or null
   * @param pollInterval how often the background thread looks for new versions
   * @param keyFilter which keys to replicate (a replication rule's filter)
   */
  public record Config(
      S3Client source,
      String sourceBucket,
      S3Client destination,
      String destinationBucket,
      String replicaSseKmsKeyId,
      Duration pollInterval,
      Predicate<String> keyFilter) {
    public Config {
      if (source == null || destination == null) {
        throw new IllegalArgumentException("source and destination clients are required");
      }
      if (sourceBucket == null || sourceBucket.isBlank()) {
        throw new IllegalArgumentException("source bucket is required");
      }
      if (destinationBucket == null || destinationBucket.isBlank()) {
        throw new IllegalArgumentException("destination bucket is required");
      }
      pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("poll interval must be positive");
      }
      keyFilter = keyFilter == null ? k -> true : keyFilter;
    }

    /** Every key, polled every 250 ms, no SSE key. */
    public static Config of(
        S3Client source, String sourceBucket, S3Client destination, String destinationBucket) {
      return new Config(source, sourceBucket, destination, destinationBucket, null, null, null);
    }

    public Config withReplicaSseKmsKeyId(String keyId) {
      return new Config(
          source, sourceBucket, destination, destinationBucket, keyId, pollInterval, keyFilter);
    }

    public Config withPollInterval(Duration interval) {
      return new Config(
          source,
          sourceBucket,
          destination,
          destinationBucket,
          replicaSseKmsKeyId,
          interval,
          keyFilter);
    }

    public Config withKeyFilter(Predicate<String> filter) {
      return new Config(
          source,
          sourceBucket,
          destination,
          destinationBucket,
          replicaSseKmsKeyId,
          pollInterval,
          filter);
    }
  }

  /**
   * Asked for per version listing page: S3Mock pages versions wrongly with the default 1000
   * (versions of keys with several get lost) but returns a larger page whole.
   */
  static final int PAGE_KEYS = 100_000;

  /** Objects above this size are copied in parts, so the stand-in never holds a whole archive. */
  static final long PART_BYTES = 8L * 1024 * 1024;

  private final Config config;
  private final Clock clock;
  private final ReentrantLock passLock = new ReentrantLock();
  private final Set<String> handled = new HashSet<>();
  private final ScheduledExecutorService timer;
  private final AtomicLong replicated = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong corrupted = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile Fault fault = Fault.NONE;
  private volatile Duration lag = Duration.ZERO;

  private ReplicationStandIn(Config config, Clock clock, boolean background) {
    this.config = config;
    this.clock = clock;
    if (background) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "replication-stand-in");
                t.setDaemon(true);
                return t;
              });
      long ms = config.pollInterval().toMillis();
      timer.scheduleWithFixedDelay(this::quietPass, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      timer = null;
    }
  }

  /** Starts replicating in the background. */
  public static ReplicationStandIn start(Config config) {
    return new ReplicationStandIn(config, Clock.systemUTC(), true);
  }

  /**
   * A stand-in that replicates only when {@link #replicateOnce()} is called (deterministic tests).
   */
  public static ReplicationStandIn manual(Config config) {
    return new ReplicationStandIn(config, Clock.systemUTC(), false);
  }

  /** Sets how new versions are treated from now on. */
  public ReplicationStandIn fault(Fault f) {
    this.fault = f == null ? Fault.NONE : f;
    return this;
  }

  /** Holds each version back until it is at least {@code d} old (by its Last-Modified time). */
  public ReplicationStandIn lag(Duration d) {
    this.lag = d == null || d.isNegative() ? Duration.ZERO : d;
    return this;
  }

  public Stats stats() {
    return new Stats(replicated.get(), skipped.get(), corrupted.get(), failed.get());
  }

  /**
   * One pass: every version of the source bucket not handled yet and old enough for the current lag
   * is replicated (or skipped or corrupted, per the fault). Versions are handled oldest first per
   * key, so the destination's current version ends as the source's.
   *
   * @return how many versions this pass handled
   */
  public int replicateOnce() {
    passLock.lock();
    try {
      List<ObjectVersion> due = new ArrayList<>();
      Instant now = clock.instant();
      Duration currentLag = lag;
      String keyMarker = null;
      String versionMarker = null;
      while (true) {
        final String km = keyMarker;
        final String vm = versionMarker;
        ListObjectVersionsResponse page =
            config
                .source()
                .listObjectVersions(
                    r ->
                        r.bucket(config.sourceBucket())
                            .keyMarker(km)
                            .versionIdMarker(vm)
                            .maxKeys(PAGE_KEYS));
        for (ObjectVersion v : page.versions()) {
          if (handled.contains(id(v)) || !config.keyFilter().test(v.key())) {
            continue;
          }
          if (v.lastModified() != null && v.lastModified().plus(currentLag).isAfter(now)) {
            continue;
          }
          due.add(v);
        }
        if (!Boolean.TRUE.equals(page.isTruncated())) {
          break;
        }
        keyMarker = page.nextKeyMarker();
        versionMarker = page.nextVersionIdMarker();
      }
      // S3 lists each key newest first; replicate oldest first.
      due.sort(
          (a, b) ->
              a.key().equals(b.key())
                  ? a.lastModified().compareTo(b.lastModified())
                  : a.key().compareTo(b.key()));
      for (ObjectVersion v : due) {
        handle(v);
      }
      return due.size();
    } finally {
      passLock.unlock();
    }
  }

  /**
   * Runs passes until one finds nothing due and every version is handled, or the timeout passes.
   *
   * @return whether every current source version is handled
   */
  public boolean awaitCaughtUp(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      if (replicateOnce() == 0 && pendingCount() == 0) {
        return true;
      }
      sleep(Math.min(100, Math.max(1, config.pollInterval().toMillis())));
    } while (System.nanoTime() < deadline);
    return false;
  }

  private long pendingCount() {
    long pending = 0;
    String keyMarker = null;
    String versionMarker = null;
    while (true) {
      final String km = keyMarker;
      final String vm = versionMarker;
      ListObjectVersionsResponse page =
          config
              .source()
              .listObjectVersions(
                  r ->
                      r.bucket(config.sourceBucket())
                          .keyMarker(km)
                          .versionIdMarker(vm)
                          .maxKeys(PAGE_KEYS));
      passLock.lock();
      try {
        for (ObjectVersion v : page.versions()) {
          if (config.keyFilter().test(v.key()) && !handled.contains(id(v))) {
            pending++;
          }
        }
      } finally {
        passLock.unlock();
      }
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        return pending;
      }
      keyMarker = page.nextKeyMarker();
      versionMarker = page.nextVersionIdMarker();
    }
  }

  private void handle(ObjectVersion v) {
    Fault f = fault;
    handled.add(id(v));
    if (f == Fault.SKIP) {
      skipped.incrementAndGet();
      return;
    }
    try {
      copy(v, f == Fault.CORRUPT);
      (f == Fault.CORRUPT ? corrupted : replicated).incrementAndGet();
    } catch (S3Exception | UncheckedIOException e) {
      // The source version is gone or the destination refused: a failed replication.
      failed.incrementAndGet();
    }
  }

  private void copy(ObjectVersion v, boolean corrupt) {
    try (ResponseInputStream<GetObjectResponse> in =
        config
            .source()
            .getObject(
                r -> r.bucket(config.sourceBucket()).key(v.key()).versionId(v.versionId()))) {
      GetObjectResponse head = in.response();
      long length = head.contentLength();
      InputStream body = corrupt ? new FlipOneByte(in, length / 2) : in;
      Map<String, String> metadata = head.metadata();
      String contentType = head.contentType();
      if (length <= PART_BYTES) {
        PutObjectRequest.Builder put =
            PutObjectRequest.builder()
                .bucket(config.destinationBucket())
                .key(v.key())
                .metadata(metadata)
                .contentType(contentType);
        sse(put);
        config.destination().putObject(put.build(), RequestBody.fromBytes(body.readAllBytes()));
      } else {
        copyInParts(v.key(), body, length, metadata, contentType);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("replication copy failed", e);
    }
  }

  private void copyInParts(
      String key, InputStream body, long length, Map<String, String> metadata, String contentType)
      throws IOException {
    String uploadId =
        config
            .destination()
            .createMultipartUpload(
                r -> {
                  r.bucket(config.destinationBucket())
                      .key(key)
                      .metadata(metadata)
                      .contentType(contentType);
                  if (config.replicaSseKmsKeyId() != null) {
                    r.serverSideEncryption(ServerSideEncryption.AWS_KMS)
                        .ssekmsKeyId(config.replicaSseKmsKeyId());
                  }
                })
            .uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      byte[] buffer = new byte[(int) PART_BYTES];
      long remaining = length;
      int partNumber = 1;
      while (remaining > 0) {
        int n = body.readNBytes(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n <= 0) {
          throw new IOException("source ended early");
        }
        remaining -= n;
        final int pn = partNumber++;
        final int len = n;
        String etag =
            config
                .destination()
                .uploadPart(
                    r ->
                        r.bucket(config.destinationBucket())
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(pn),
                    RequestBody.fromContentProvider(
                        () -> new java.io.ByteArrayInputStream(buffer, 0, len),
                        len,
                        "application/octet-stream"))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(pn).eTag(etag).build());
      }
      config
          .destination()
          .completeMultipartUpload(
              r ->
                  r.bucket(config.destinationBucket())
                      .key(key)
                      .uploadId(uploadId)
                      .multipartUpload(m -> m.parts(parts)));
    } catch (IOException | RuntimeException e) {
      config
          .destination()
          .abortMultipartUpload(
              r -> r.bucket(config.destinationBucket()).key(key).uploadId(uploadId));
      throw e;
    }
  }

  private void sse(PutObjectRequest.Builder put) {
    if (config.replicaSseKmsKeyId() != null) {
      put.serverSideEncryption(ServerSideEncryption.AWS_KMS)
          .ssekmsKeyId(config.replicaSseKmsKeyId());
    }
  }

  private void quietPass() {
    try {
      replicateOnce();
    } catch (RuntimeException e) {
      // A transient listing failure is retried on the next tick, like S3's own retries.
      failed.incrementAndGet();
    }
  }

  private static String id(ObjectVersion v) {
    return v.key() + "\u0000" + v.versionId();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Flips the byte at one offset (or the first byte of an object shorter than that). */
  private static final class FlipOneByte extends FilterInputStream {
    private final long target;
    private long position;

    FlipOneByte(InputStream in, long target) {
      super(in);
      this.target = target;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && position++ == target) {
        return b ^ 0x01;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0 && target >= position && target < position + n) {
        int i = off + (int) (target - position);
        buf[i] = (byte) (buf[i] ^ 0x01);
      }
      if (n > 0) {
        position += n;
      }
      return n;
    }
  }
}
