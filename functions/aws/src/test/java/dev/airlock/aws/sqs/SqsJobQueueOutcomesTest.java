package dev.airlock.aws.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/** How a SendMessageBatch answer becomes each caller's outcome. */
class SqsJobQueueOutcomesTest {

  @Test
  void outcomes_shouldConfirmOnlyTheEntriesSqsReportedSent() {
    SendMessageBatchResponse r =
        SendMessageBatchResponse.builder()
            .successful(
                SendMessageBatchResultEntry.builder().id("0").messageId("m0").build(),
                SendMessageBatchResultEntry.builder().id("2").messageId("m2").build())
            .failed(
                BatchResultErrorEntry.builder()
                    .id("1")
                    .code("InvalidMessageContents")
                    .senderFault(true)
                    .message("the body held the job's text")
                    .build())
            .build();

    List<RuntimeException> out = SqsJobQueue.outcomes(4, r);

    assertNull(out.get(0));
    assertEquals("queue refused the job: sender InvalidMessageContents", out.get(1).getMessage());
    assertNull(out.get(2));
    // SQS said nothing about entry 3: not confirmed, so its caller must not answer "accepted".
    assertNotNull(out.get(3));
  }

  @Test
  void outcomes_shouldIgnoreIdsItNeverSent() {
    SendMessageBatchResponse r =
        SendMessageBatchResponse.builder()
            .successful(
                SendMessageBatchResultEntry.builder().id("7").build(),
                SendMessageBatchResultEntry.builder().id("x").build(),
                SendMessageBatchResultEntry.builder().id("-1").build())
            .build();

    List<RuntimeException> out = SqsJobQueue.outcomes(2, r);

    assertNotNull(out.get(0));
    assertNotNull(out.get(1));
  }
}
