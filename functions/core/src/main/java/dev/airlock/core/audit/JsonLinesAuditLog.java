package dev.airlock.core.audit;

import dev.airlock.core.json.Json;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * {@link AuditLog} that writes one JSON object per line ({@code time} ISO-8601, {@code action},
 * {@code outcome}, {@code reason} when present, {@code ids}) to a character sink: standard output
 * in Lambda, which CloudWatch Logs ingests line by line.
 *
 * <p>Every string of a record (action, outcome, reason, each id name and value) passes {@link
 * RedactionGuard} first. A record that fails is not written; in its place goes {@code {action:
 * "audit.refused", outcome: "rejected", reason: <kind>, ids: {originalAction, field}}}, where the
 * original action and the offending field's name appear only if they are clean themselves. So a
 * caller's mistake never puts a secret into the logs, and never goes unnoticed.
 *
 * <p>Thread-safe: lines are written and flushed under a lock, so concurrent records never
 * interleave. JSON string escaping keeps every record on one line (no log injection). A sink that
 * fails throws {@link UncheckedIOException}: a security step must not continue unaudited.
 */
public final class JsonLinesAuditLog implements AuditLog {

  /** Action of the marker written in place of a refused record. */
  public static final String REFUSED_ACTION = "audit.refused";

  private final Writer sink;
  private final PrintStream printSink;
  private final Consumer<AuditRecord> listener;
  private final ReentrantLock lock = new ReentrantLock();

  private JsonLinesAuditLog(Writer sink, PrintStream printSink, Consumer<AuditRecord> listener) {
    this.sink = sink;
    this.printSink = printSink;
    this.listener = listener == null ? r -> {} : listener;
  }

  /** Writes to {@code sink}; the caller owns (and closes) it. */
  public JsonLinesAuditLog(Writer sink) {
    this(requireSink(sink), null, null);
  }

  /**
   * Writes to {@code sink} and hands every record actually written (including refusal markers) to
   * {@code listener}, after it is on the sink. Meant for tests and in-process metrics.
   */
  public JsonLinesAuditLog(Writer sink, Consumer<AuditRecord> listener) {
    this(requireSink(sink), null, listener);
  }

  /** Writes UTF-8 lines to a print stream (e.g. {@code System.out}). */
  public JsonLinesAuditLog(PrintStream sink) {
    this(null, requirePrint(sink), null);
  }

  /** The Lambda default: standard output, which CloudWatch Logs collects. */
  public static JsonLinesAuditLog toStdout() {
    return new JsonLinesAuditLog(
        new PrintStream(System.out, true, StandardCharsets.UTF_8) {
          @Override
          public void close() {
            // Never close the process's standard output on behalf of a caller.
            flush();
          }
        });
  }

  @Override
  public void record(AuditRecord record) {
    if (record == null) {
      throw new IllegalArgumentException("audit record is required");
    }
    AuditRecord toWrite = check(record).map(v -> refusal(record, v)).orElse(record);
    String line = Json.writeString(toWrite) + "\n";
    lock.lock();
    try {
      if (sink != null) {
        sink.write(line);
        sink.flush();
      } else {
        printSink.print(line);
        printSink.flush();
        if (printSink.checkError()) {
          throw new IOException("audit print stream failed");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("audit sink failed", e);
    } finally {
      lock.unlock();
    }
    listener.accept(toWrite);
  }

  /** The offending field's name and the kind of secret, if any string of the record fails. */
  private static Optional<Violation> check(AuditRecord r) {
    Optional<Violation> v =
        violation("action", r.action())
            .or(() -> violation("outcome", r.outcome()))
            .or(() -> violation("reason", r.reason()));
    if (v.isPresent()) {
      return v;
    }
    for (Map.Entry<String, String> id : r.ids().entrySet()) {
      Optional<String> kind = RedactionGuard.findViolation(id.getKey());
      if (kind.isPresent()) {
        return Optional.of(new Violation("ids", kind.get()));
      }
      v = violation("ids." + id.getKey(), id.getValue());
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  private static Optional<Violation> violation(String field, String value) {
    return RedactionGuard.findViolation(value).map(kind -> new Violation(field, kind));
  }

  private static AuditRecord refusal(AuditRecord original, Violation v) {
    Map<String, String> ids = new LinkedHashMap<>();
    if (RedactionGuard.isClean(original.action())) {
      ids.put("originalAction", original.action());
    }
    ids.put("field", v.field());
    return new AuditRecord(Instant.now(), REFUSED_ACTION, "rejected", v.kind(), ids);
  }

  private record Violation(String field, String kind) {}

  private static Writer requireSink(Writer sink) {
    if (sink == null) {
      throw new IllegalArgumentException("audit sink is required");
    }
    return sink;
  }

  private static PrintStream requirePrint(PrintStream sink) {
    if (sink == null) {
      throw new IllegalArgumentException("audit sink is required");
    }
    return sink;
  }

  /**
   * Adapts an output stream to UTF-8 lines; for callers that have neither writer nor print stream.
   */
  public static JsonLinesAuditLog toStream(java.io.OutputStream out) {
    return new JsonLinesAuditLog(new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }
}
