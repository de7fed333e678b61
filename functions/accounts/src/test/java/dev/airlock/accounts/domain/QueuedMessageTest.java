package dev.airlock.accounts.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.airlock.accounts.domain.QueuedDeletions.QueuedMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueuedMessageTest {
  @Test
  void of_shouldReadSqsSentTimestamp_asEpochMillis() {
    assertEquals(
        Instant.ofEpochMilli(1795969418560L),
        QueuedMessage.of("m", "{}", "1795969418560").sentAt());
  }

  @Test
  void of_shouldLeaveTheTimeUnknown_whenTheAttributeIsAbsentOrUnreadable() {
    // Unknown skips the staleness check: a real request is never refused for a missing attribute.
    assertNull(QueuedMessage.of("m", "{}", null).sentAt());
    assertNull(QueuedMessage.of("m", "{}", "yesterday").sentAt());
  }
}
