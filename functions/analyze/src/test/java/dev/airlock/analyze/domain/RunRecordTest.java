package dev.airlock.analyze.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.adapter.json.SerdeJsonCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRecordTest {
  private static final SerdeJsonCodec JSON = SerdeJsonCodec.createDefault();
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void fromJson_shouldReadBackWhatToJsonWrote_whenTheRunFinished() {
    RunRecord done =
        RunRecord.running("job-1", 2, T, T.plusSeconds(360))
            .finish(
                RunRecord.Status.REFUSED,
                T.plusSeconds(5),
                Reason.UNSAFE_PATH,
                null,
                "tenants/a/receipts/000000000001.json",
                Map.of("results", 0L, "capsHit", List.of()));

    RunRecord read = RunRecord.fromJson(JSON.read(JSON.write(done.toJson())));

    assertEquals(done, read);
  }

  @Test
  void settled_shouldHoldOnlyForCompletedRunsAndCommitIntrinsicRefusals() {
    RunRecord running = RunRecord.running("j", 1, T, T.plusSeconds(60));
    assertFalse(running.settled());
    assertTrue(running.claimedAt(T.plusSeconds(59)));
    assertFalse(running.claimedAt(T.plusSeconds(60)), "a lease that ran out is free to take over");
    assertTrue(running.finish(RunRecord.Status.COMPLETED, T, null, "k", "r", Map.of()).settled());
    assertTrue(
        running
            .finish(RunRecord.Status.REFUSED, T, Reason.CASE_COLLISION, null, "r", Map.of())
            .settled());
    assertFalse(
        running
            .finish(RunRecord.Status.REFUSED, T, Reason.NOT_ENTITLED, null, "r", Map.of())
            .settled(),
        "a later subscription may analyze the commit");
    assertFalse(
        running
            .finish(RunRecord.Status.FAILED, T, Reason.FETCH_FAILED, null, "r", Map.of())
            .settled());
  }

  @Test
  void fromJson_shouldRefuse_whenTheVersionIsUnknownOrAFieldIsMissing() {
    assertThrows(IllegalArgumentException.class, () -> RunRecord.fromJson(Map.of("version", 2L)));
    assertThrows(
        IllegalArgumentException.class,
        () -> RunRecord.fromJson(Map.of("version", 1L, "status", "running")));
    assertThrows(IllegalArgumentException.class, () -> RunRecord.fromJson(List.of()));
  }
}
