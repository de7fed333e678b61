package dev.airlock.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.emulators.stack.LocalResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The local stack creates its queues, buckets and keys from {@link LocalResources}; this test keeps
 * that list equal to what the SAM templates declare, so local runs exercise the deployed shape.
 */
class LocalStackMatchesTemplateTest {

  @Test
  void queues_shouldMatchTheTemplatesFifoVisibilityAndRedriveSettings() {
    Map<String, Object> t = Templates.main();
    for (LocalResources.Queue q : LocalResources.QUEUES) {
      Map<String, Object> p = Templates.props(t, q.logicalId());
      assertNotNull(p, q.logicalId() + " missing from template.yaml");
      assertEquals(q.fifo(), Boolean.TRUE.equals(p.get("FifoQueue")), q.logicalId() + " FifoQueue");
      if (q.deadLetterLogicalId() != null) {
        assertEquals(
            q.visibilityTimeoutSeconds(),
            ((Number) p.get("VisibilityTimeout")).intValue(),
            q.logicalId() + " VisibilityTimeout");
        @SuppressWarnings("unchecked")
        Map<String, Object> redrive = (Map<String, Object>) p.get("RedrivePolicy");
        assertEquals(q.maxReceiveCount(), ((Number) redrive.get("maxReceiveCount")).intValue());
        assertTrue(
            String.valueOf(redrive.get("deadLetterTargetArn")).contains(q.deadLetterLogicalId()),
            "redrive target of " + q.logicalId());
      }
    }
  }

  @Test
  void analyzeTimeout_shouldBeTheOneTheLocalQueueVisibilityIsDerivedFrom() {
    Map<String, Object> fn = Templates.props(Templates.main(), "AnalyzeFunction");
    assertEquals(LocalResources.ANALYZE_TIMEOUT_SECONDS, ((Number) fn.get("Timeout")).intValue());
  }

  @Test
  void bucketsAndKeys_shouldExistInTheTemplateOfTheirRegion() {
    for (LocalResources.Bucket b : LocalResources.BUCKETS) {
      Map<String, Object> t = b.replicaRegion() ? Templates.replica() : Templates.main();
      assertNotNull(Templates.resource(t, b.logicalId()), b.logicalId());
    }
    for (LocalResources.Key k : LocalResources.KEYS) {
      Map<String, Object> p = Templates.props(Templates.main(), k.logicalId());
      assertEquals(Boolean.TRUE, p.get("MultiRegion"), k.logicalId() + " MultiRegion");
    }
  }
}
