package dev.airlock.backup.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airlock.backup.port.MetricsPublisher.Metric;
import dev.airlock.backup.port.MetricsPublisher.Unit;
import dev.airlock.core.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfMetricsPublisherTest {

  @Test
  @SuppressWarnings("unchecked")
  void publish_shouldWriteOneEmbeddedMetricFormatLine() {
    List<String> lines = new ArrayList<>();
    Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC);
    new EmfMetricsPublisher("Airlock/dev/Backup", lines::add, clock)
        .publish(
            List.of(
                Metric.count("ReplicaMissing", 2),
                new Metric("SnapshotDuration", 1.5, Unit.SECONDS)));
    assertEquals(1, lines.size());
    Map<String, Object> line = Json.read(lines.get(0), Map.class);
    assertEquals(2, ((Number) line.get("ReplicaMissing")).intValue());
    assertEquals(1.5, ((Number) line.get("SnapshotDuration")).doubleValue());
    Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
    assertEquals(1_700_000_000_123L, ((Number) aws.get("Timestamp")).longValue());
    Map<String, Object> directive =
        ((List<Map<String, Object>>) aws.get("CloudWatchMetrics")).get(0);
    assertEquals("Airlock/dev/Backup", directive.get("Namespace"));
    assertEquals(List.of(List.of()), directive.get("Dimensions"));
    assertEquals(
        List.of(
            Map.of("Name", "ReplicaMissing", "Unit", "Count"),
            Map.of("Name", "SnapshotDuration", "Unit", "Seconds")),
        directive.get("Metrics"));
  }

  @Test
  void metric_shouldRefuse_namesThatAreNotIdentifiers() {
    assertThrows(IllegalArgumentException.class, () -> Metric.count("a\"b", 1));
    assertThrows(IllegalArgumentException.class, () -> Metric.count("", 1));
    assertThrows(IllegalArgumentException.class, () -> new Metric("x", Double.NaN, Unit.COUNT));
  }

  @Test
  void cloudWatchRequest_shouldCarryNamespaceUnitsAndTimestamp() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    var request =
        CloudWatchMetricsPublisher.request(
            "Airlock/prod/Backup",
            List.of(
                Metric.count("SnapshotCompleted", 1), new Metric("SnapshotBytes", 42, Unit.BYTES)),
            t);
    assertEquals("Airlock/prod/Backup", request.namespace());
    assertEquals("SnapshotCompleted", request.metricData().get(0).metricName());
    assertEquals("Count", request.metricData().get(0).unitAsString());
    assertEquals("Bytes", request.metricData().get(1).unitAsString());
    assertEquals(42.0, request.metricData().get(1).value());
    assertEquals(t, request.metricData().get(1).timestamp());
  }
}
