package dev.airlock.core.message;

import static dev.airlock.core.message.AnalysisJobTestData.aJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class AnalysisJobTest {

  @Test
  void deduplicationId_shouldEqualTheJobs_whenDerivedFromItsFieldsBeforeItExists() {
    AnalysisJob job = aJob().provider(Provider.GITLAB).hookId("77").deliveryId("d-1").build();

    assertEquals(job.deduplicationId(), AnalysisJob.deduplicationId(Provider.GITLAB, "77", "d-1"));
    assertEquals(64, job.deduplicationId().length());
  }

  @Test
  void deduplicationId_shouldDiffer_whenOnlyTheDeliveryDiffers() {
    assertNotEquals(
        AnalysisJob.deduplicationId(Provider.GITHUB, "77", "d-1"),
        AnalysisJob.deduplicationId(Provider.GITHUB, "77", "d-2"));
  }
}
