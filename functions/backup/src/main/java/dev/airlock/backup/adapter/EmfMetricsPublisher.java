package dev.airlock.backup.adapter;

import dev.airlock.backup.port.MetricsPublisher;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link MetricsPublisher} that writes CloudWatch Embedded Metric Format lines: one JSON object per
 * batch, {@code {"_aws":{"Timestamp":…,"CloudWatchMetrics":[{"Namespace":…,"Dimensions":[[]],
 * "Metrics":[{"Name":…,"Unit":…}]}]},"<Name>":<value>,…}}. In Lambda, CloudWatch Logs turns such
 * lines on standard output into metrics without an API call; locally and in tests the lines are
 * read back from the sink. Metrics carry no dimensions, like the alarms that watch them.
 */
public final class EmfMetricsPublisher implements MetricsPublisher {
  private final String namespace;
  private final Consumer<String> sink;
  private final Clock clock;

  /**
   * @param namespace the CloudWatch namespace (e.g. {@code Airlock/dev/Backup})
   * @param sink receives each line (without a line break)
   */
  public EmfMetricsPublisher(String namespace, Consumer<String> sink, Clock clock) {
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("a metrics namespace is required");
    }
    this.namespace = namespace;
    this.sink = sink;
    this.clock = clock;
  }

  /** Lines on standard output, as Lambda's log capture expects. */
  public static EmfMetricsPublisher toStdout(String namespace) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    return new EmfMetricsPublisher(namespace, out::println, Clock.systemUTC());
  }

  @Override
  public void publish(List<Metric> metrics) {
    if (metrics == null || metrics.isEmpty()) {
      return;
    }
    sink.accept(line(metrics));
  }

  String line(List<Metric> metrics) {
    StringBuilder definitions = new StringBuilder();
    StringBuilder values = new StringBuilder();
    for (Metric m : metrics) {
      if (definitions.length() > 0) {
        definitions.append(',');
      }
      // Names are identifiers (checked by Metric), so they need no escaping.
      definitions
          .append("{\"Name\":\"")
          .append(m.name())
          .append("\",\"Unit\":\"")
          .append(m.unit().cloudWatchName())
          .append("\"}");
      values.append(",\"").append(m.name()).append("\":").append(number(m.value()));
    }
    return "{\"_aws\":{\"Timestamp\":"
        + clock.millis()
        + ",\"CloudWatchMetrics\":[{\"Namespace\":"
        + quote(namespace)
        + ",\"Dimensions\":[[]],\"Metrics\":["
        + definitions
        + "]}]}"
        + values
        + "}";
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
