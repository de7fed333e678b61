package dev.airlock.backup.adapter;

import dev.airlock.backup.port.MetricsPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * {@link MetricsPublisher} on CloudWatch {@code PutMetricData} (the backup role may publish only to
 * its stage's backup namespace). A failure to publish is logged, never thrown: a backup must not
 * fail because a metric did not arrive, and the "no snapshot completed" alarm treats missing data
 * as breaching.
 */
public final class CloudWatchMetricsPublisher implements MetricsPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(CloudWatchMetricsPublisher.class);

  /** PutMetricData accepts at most this many data points per call. */
  static final int MAX_PER_CALL = 1000;

  private final CloudWatchClient cloudWatch;
  private final String namespace;
  private final Clock clock;

  public CloudWatchMetricsPublisher(CloudWatchClient cloudWatch, String namespace, Clock clock) {
    if (cloudWatch == null || namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("a CloudWatch client and a namespace are required");
    }
    this.cloudWatch = cloudWatch;
    this.namespace = namespace;
    this.clock = clock;
  }

  @Override
  public void publish(List<Metric> metrics) {
    if (metrics == null || metrics.isEmpty()) {
      return;
    }
    try {
      cloudWatch.putMetricData(request(namespace, metrics, clock.instant()));
    } catch (SdkException e) {
      LOG.warn(
          "could not publish {} backup metrics: {}", metrics.size(), e.getClass().getSimpleName());
    }
  }

  /** The request for one batch (all data points stamped {@code time}). */
  static PutMetricDataRequest request(String namespace, List<Metric> metrics, Instant time) {
    if (metrics.size() > MAX_PER_CALL) {
      throw new IllegalArgumentException("too many metrics for one call");
    }
    return PutMetricDataRequest.builder()
        .namespace(namespace)
        .metricData(
            metrics.stream()
                .map(
                    m ->
                        MetricDatum.builder()
                            .metricName(m.name())
                            .value(m.value())
                            .unit(StandardUnit.fromValue(m.unit().cloudWatchName()))
                            .timestamp(time)
                            .build())
                .toList())
        .build();
  }
}
