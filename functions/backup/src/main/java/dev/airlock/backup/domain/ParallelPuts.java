package dev.airlock.backup.domain;

import dev.airlock.backup.domain.archive.ArchiveEntry;
import dev.airlock.backup.port.RestoreTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Writes restored objects with a few requests in flight: one PUT per object at S3's latency would
 * make a restore of many small objects take hours. Small objects (up to {@code bufferLimit}) are
 * read into memory so the archive reader can move on, and written by a bounded pool; at most {@code
 * concurrency} are buffered at a time, so memory stays bounded. Larger objects are streamed in the
 * caller's thread. {@link #finish()} waits for every write and rethrows the first failure; {@link
 * #abandon()} makes writes not yet started skip (the caller failed and will clean up).
 *
 * <p>A buffered object was read to its end before it is written, so its recorded SHA-256 is known
 * and checked by then: it goes with the write ({@link RestoreTarget#put}), and the store refuses
 * bytes that do not match it. A streamed object's recorded digest comes after its bytes, so it goes
 * with the write only if the caller knew it beforehand (restore keeps it from its verifying pass);
 * otherwise the store gets none (and the archive reader still fails the write if the bytes do not
 * match).
 */
final class ParallelPuts implements AutoCloseable {

  /** Work to do once an object is written (e.g. read it back and compare). */
  @FunctionalInterface
  interface AfterWrite {
    void run() throws IOException;
  }

  static final int BUFFER_LIMIT_BYTES = 1024 * 1024;

  private final ExecutorService pool;
  private final Semaphore slots;
  private final int concurrency;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  ParallelPuts(int concurrency) {
    this.concurrency = Math.max(1, concurrency);
    this.pool =
        this.concurrency == 1
            ? null
            : Executors.newFixedThreadPool(
                this.concurrency,
                r -> {
                  Thread t = new Thread(r, "restore-writer");
                  t.setDaemon(true);
                  return t;
                });
    this.slots = new Semaphore(this.concurrency);
  }

  /**
   * @param recordedSha256 the entry's recorded digest once its content was read to the end (see
   *     {@link SnapshotReader.EntryVisitor}); for a streamed entry, asked before the write and sent
   *     with it when present
   */
  void put(
      RestoreTarget target,
      String key,
      ArchiveEntry entry,
      InputStream content,
      Supplier<Optional<String>> recordedSha256,
      AfterWrite after)
      throws IOException {
    rethrow();
    if (streams(entry)) {
      // Known before the bytes only if the caller knew it already (restore's first pass).
      target.put(key, entry, content, recordedSha256.get().orElse(null));
      // To the end, so the archive reader checks the entry's digest before it counts as written.
      content.transferTo(OutputStream.nullOutputStream());
      after.run();
      return;
    }
    byte[] bytes = new byte[(int) entry.length()];
    if (content.readNBytes(bytes, 0, bytes.length) != bytes.length || content.read() >= 0) {
      throw new IOException("an entry's content does not have its recorded length");
    }
    // Read to its end: the reader has the recorded digest (and checked the bytes against it, if it
    // recomputes digests).
    String sha256 = recordedSha256.get().orElse(null);
    if (pool == null) {
      target.put(key, entry, new ByteArrayInputStream(bytes), sha256);
      after.run();
      return;
    }
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while restoring", e);
    }
    pool.execute(
        () -> {
          try {
            if (failure.get() == null) {
              target.put(key, entry, new ByteArrayInputStream(bytes), sha256);
              after.run();
            }
          } catch (IOException e) {
            failure.compareAndSet(null, new UncheckedIOException(e));
          } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
          } finally {
            slots.release();
          }
        });
  }

  /** Whether {@link #put} streams this entry (too large to buffer) rather than buffering it. */
  static boolean streams(ArchiveEntry entry) {
    return entry.length() > BUFFER_LIMIT_BYTES;
  }

  /** Makes every write not yet started skip: the caller failed and will clean up. */
  void abandon() {
    failure.compareAndSet(null, new AbandonedException());
  }

  /** Marks writes abandoned by the caller; never rethrown to it. */
  private static final class AbandonedException extends RuntimeException {
    AbandonedException() {
      super("abandoned", null, false, false);
    }
  }

  /** Waits for every write; rethrows the first failure. */
  void finish() throws IOException {
    try {
      slots.acquire(concurrency);
      slots.release(concurrency);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while restoring", e);
    }
    rethrow();
  }

  private void rethrow() throws IOException {
    Throwable t = failure.get();
    if (t instanceof AbandonedException) {
      return;
    }
    if (t instanceof UncheckedIOException u) {
      throw u.getCause();
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }

  /** Lets writes in flight end (they skip once a failure is known) before cleanup starts. */
  @Override
  public void close() {
    if (pool == null) {
      return;
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
