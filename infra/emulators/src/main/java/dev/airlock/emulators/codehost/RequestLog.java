package dev.airlock.emulators.codehost;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bounded in-memory request log that also forwards each line to a sink; redacts credentials. */
final class RequestLog {

  static final Consumer<String> SLF4J_SINK = new Slf4jSink();

  private static final int CAPACITY = 10_000;

  /**
   * Paths are attacker-chosen, so a client could put a token in one; anything that looks like a
   * GitHub token or a JWT is masked before it is stored or written.
   */
  private static final Pattern GITHUB_TOKEN =
      Pattern.compile("\\b(gh[pousr]|github_pat)_[A-Za-z0-9_]+");

  private static final Pattern JWT_LIKE =
      Pattern.compile("[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]*");

  private static final int MAX_PATH = 512;

  private final Clock clock;
  private final Consumer<String> sink;
  private final Deque<RequestLogEntry> entries = new ArrayDeque<>();

  RequestLog(Clock clock, Consumer<String> sink) {
    this.clock = clock;
    this.sink = sink;
  }

  void record(String method, String rawPath, int status, String principal) {
    RequestLogEntry entry =
        new RequestLogEntry(
            clock.instant(),
            method == null ? "-" : redact(method),
            redact(rawPath == null ? "-" : rawPath),
            status,
            principal == null ? "anonymous" : principal);
    synchronized (entries) {
      if (entries.size() == CAPACITY) {
        entries.removeFirst();
      }
      entries.addLast(entry);
    }
    sink.accept(entry.toLogLine());
  }

  List<RequestLogEntry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  static String redact(String value) {
    String bounded = value.length() > MAX_PATH ? value.substring(0, MAX_PATH) + "..." : value;
    String masked = GITHUB_TOKEN.matcher(bounded).replaceAll("$1_[redacted]");
    masked = JWT_LIKE.matcher(masked).replaceAll("[redacted-jwt]");
    StringBuilder printable = new StringBuilder(masked.length());
    for (int i = 0; i < masked.length(); i++) {
      char c = masked.charAt(i);
      // Keeps one request on one log line: control characters would allow forged entries.
      printable.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return printable.toString();
  }

  private static final class Slf4jSink implements Consumer<String> {
    private static final Logger LOG = LoggerFactory.getLogger("dev.airlock.emulators.codehost");

    @Override
    public void accept(String line) {
      LOG.info(line);
    }
  }
}
