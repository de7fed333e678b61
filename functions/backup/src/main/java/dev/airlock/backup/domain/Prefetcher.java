package dev.airlock.backup.domain;

import dev.airlock.backup.port.StateSource;
import dev.airlock.backup.port.StateSource.StateObject;
import dev.airlock.backup.port.StateSource.StateVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads state objects for a snapshot in listing order, with small objects fetched ahead by a few
 * threads: one GET at a time at S3's latency would make a snapshot of many small objects take
 * hours. At most {@code concurrency} objects of at most {@link #PREFETCH_LIMIT_BYTES} each are held
 * in memory; larger ones are opened as streams when their turn comes. Versions gone by the time
 * they are read are skipped and counted.
 */
final class Prefetcher implements AutoCloseable {
  static final long PREFETCH_LIMIT_BYTES = 1024 * 1024;

  /** The next object: its version and its (open) bytes. */
  record Next(StateVersion version, StateObject object) {}

  private record Pending(StateVersion version, Future<Optional<StateObject>> fetched) {}

  private final StateSource source;
  private final Iterator<StateVersion> versions;
  private final Consumer<StateVersion> check;
  private final int concurrency;
  private final ExecutorService pool;
  private final ArrayDeque<Pending> window = new ArrayDeque<>();
  private long vanished;

  /**
   * @param check runs on every version as it is listed (before anything is fetched)
   */
  Prefetcher(
      StateSource source,
      Iterator<StateVersion> versions,
      int concurrency,
      Consumer<StateVersion> check) {
    this.source = source;
    this.versions = versions;
    this.check = check;
    this.concurrency = Math.max(1, concurrency);
    this.pool =
        this.concurrency == 1
            ? null
            : Executors.newFixedThreadPool(
                this.concurrency,
                r -> {
                  Thread t = new Thread(r, "snapshot-reader");
                  t.setDaemon(true);
                  return t;
                });
  }

  /** The next object in listing order, or null at the end. Close what it returns. */
  Next next() throws IOException {
    while (true) {
      fill();
      Pending p = window.poll();
      if (p == null) {
        return null;
      }
      Optional<StateObject> object =
          p.fetched() == null ? source.open(p.version().key(), p.version().versionId()) : get(p);
      if (object.isPresent()) {
        return new Next(p.version(), object.get());
      }
      // Deleted since listing (an account deletion purging all versions): nothing to keep.
      vanished++;
    }
  }

  long vanished() {
    return vanished;
  }

  private void fill() {
    while (window.size() < concurrency && versions.hasNext()) {
      StateVersion v = versions.next();
      check.accept(v);
      if (pool != null && v.size() <= PREFETCH_LIMIT_BYTES) {
        window.add(new Pending(v, pool.submit(() -> fetch(v))));
      } else {
        window.add(new Pending(v, null));
      }
    }
  }

  private Optional<StateObject> fetch(StateVersion v) throws IOException {
    Optional<StateObject> opened = source.open(v.key(), v.versionId());
    if (opened.isEmpty()) {
      return opened;
    }
    try (StateObject o = opened.get()) {
      byte[] bytes = o.content().readAllBytes();
      return Optional.of(
          new StateObject(
              new ByteArrayInputStream(bytes), bytes.length, o.contentType(), o.metadata()));
    }
  }

  private static Optional<StateObject> get(Pending p) throws IOException {
    try {
      return p.fetched().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading state", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException("reading state failed", cause);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    for (Pending p : window) {
      if (p.fetched() != null) {
        p.fetched().cancel(true);
      }
    }
  }
}
