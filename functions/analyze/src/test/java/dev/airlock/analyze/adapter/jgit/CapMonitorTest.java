package dev.airlock.analyze.adapter.jgit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.analyze.domain.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JGit resolves all deltas of one base without polling {@code isCancelled()}, but reports each
 * through {@code update}: the caps must end the fetch there too, or a delta bomb of objects under
 * the size limit runs past every deadline (a 32-delta bomb ran 239 s against a 60 s timeout).
 */
class CapMonitorTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path gitDir;

  @Test
  void update_shouldThrowAndRecordCloneTimeout_whenTheDeadlineHasPassed() {
    CapMonitor monitor = new CapMonitor(CLOCK, NOW.minusSeconds(1), gitDir, 1024);

    assertThrows(CapMonitor.Cancelled.class, () -> monitor.update(1));
    assertEquals(Reason.CLONE_TIMEOUT, monitor.reason());
  }

  @Test
  void update_shouldThrowAndRecordRepositoryTooLarge_whenTheDirectoryOutgrowsTheCap()
      throws Exception {
    Files.write(gitDir.resolve("pack"), new byte[2048]);
    CapMonitor monitor = new CapMonitor(CLOCK, NOW.plusSeconds(60), gitDir, 1024);

    assertThrows(CapMonitor.Cancelled.class, () -> monitor.update(1));
    assertEquals(Reason.REPOSITORY_TOO_LARGE, monitor.reason());
  }

  @Test
  void update_shouldLetTheFetchGoOn_whenWithinTheDeadlineAndTheCap() throws Exception {
    Files.write(gitDir.resolve("pack"), new byte[512]);
    CapMonitor monitor = new CapMonitor(CLOCK, NOW.plusSeconds(60), gitDir, 1024);

    monitor.update(1);
    monitor.update(1);

    assertNull(monitor.reason());
  }
}
