package dev.airlock.analyze.adapter.jgit;

import dev.airlock.analyze.domain.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Cancels a fetch (JGit polls {@link #isCancelled()} while receiving and indexing) when the
 * deadline passes or the repository directory grows beyond the byte cap: a pack is compressed, so
 * one larger than the cap certainly expands to more. The directory is measured at most every 250
 * ms.
 *
 * <p>JGit polls {@link #isCancelled()} between received objects and between delta <em>bases</em>,
 * but not between the deltas of one base, which it resolves in memory one after another: hundreds
 * of deltas against one blob, each expanding to hundreds of MiB (under the object size limit),
 * would run far past the deadline. It does report every resolved delta through {@link
 * #update(int)}, so that is where the same checks also end the fetch, by throwing {@link
 * Cancelled}.
 */
final class CapMonitor implements ProgressMonitor {
  private static final long MEASURE_EVERY_MILLIS = 250;

  private final Clock clock;
  private final Instant deadline;
  private final Path gitDir;
  private final long maxBytes;
  private final AtomicLong lastMeasured = new AtomicLong();
  private volatile Reason reason;

  CapMonitor(Clock clock, Instant deadline, Path gitDir, long maxBytes) {
    this.clock = clock;
    this.deadline = deadline;
    this.gitDir = gitDir;
    this.maxBytes = maxBytes;
  }

  /** Why the fetch was cancelled, or null. */
  Reason reason() {
    return reason;
  }

  @Override
  public boolean isCancelled() {
    if (reason != null) {
      return true;
    }
    if (clock.instant().isAfter(deadline)) {
      reason = Reason.CLONE_TIMEOUT;
      return true;
    }
    long now = System.currentTimeMillis();
    long last = lastMeasured.get();
    if (now - last >= MEASURE_EVERY_MILLIS && lastMeasured.compareAndSet(last, now)) {
      if (sizeOf(gitDir) > maxBytes) {
        reason = Reason.REPOSITORY_TOO_LARGE;
        return true;
      }
    }
    return false;
  }

  /** Bytes of regular files under {@code dir}, not following links. */
  static long sizeOf(Path dir) {
    AtomicLong total = new AtomicLong();
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                total.addAndGet(attrs.size());
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return total.get();
  }

  @Override
  public void start(int totalTasks) {}

  @Override
  public void beginTask(String title, int totalWork) {}

  @Override
  public void update(int completed) {
    if (isCancelled()) {
      throw new Cancelled();
    }
  }

  /** Ends a fetch from inside JGit's work; {@link #reason()} says why. */
  static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("fetch cancelled", null, false, false);
    }
  }

  @Override
  public void endTask() {}

  @Override
  public void showDuration(boolean enabled) {}
}
