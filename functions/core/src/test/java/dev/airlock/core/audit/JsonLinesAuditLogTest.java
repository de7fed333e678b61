package dev.airlock.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JsonLinesAuditLogTest {

  private final StringWriter out = new StringWriter();
  private final List<AuditRecord> written = new ArrayList<>();
  private final JsonLinesAuditLog log = new JsonLinesAuditLog(out, written::add);

  @Test
  void record_shouldWriteOneJsonLine_whenRecordIsClean() {
    log.record(
        new AuditRecord(
            Instant.parse("2026-01-02T03:04:05Z"),
            "webhook.received",
            "accepted",
            null,
            Map.of("deliveryId", "d-1", "account", "acme")));

    assertEquals(
        "{\"time\":\"2026-01-02T03:04:05Z\",\"action\":\"webhook.received\",\"outcome\":\"accepted\","
            + "\"ids\":{\"account\":\"acme\",\"deliveryId\":\"d-1\"}}\n",
        out.toString());
    assertEquals(1, written.size());
  }

  @Test
  void record_shouldWriteRefusalInstead_whenAnIdLooksLikeAToken() {
    String token = "ghs_" + "a1B2c3D4e5".repeat(4);

    log.record(AuditRecord.of("token.minted", "succeeded", null, Map.of("token", token)));

    String line = out.toString();
    assertFalse(line.contains(token), line);
    assertFalse(line.contains("token.minted\",\"outcome\":\"succeeded"), line);
    AuditRecord refusal = Json.read(line.strip(), AuditRecord.class);
    assertEquals(JsonLinesAuditLog.REFUSED_ACTION, refusal.action());
    assertEquals("rejected", refusal.outcome());
    assertEquals("github-token", refusal.reason());
    assertEquals(Map.of("originalAction", "token.minted", "field", "ids.token"), refusal.ids());
  }

  @Test
  void record_shouldOmitOriginalAction_whenActionItselfIsTheSecret() {
    String key = "AKIA" + "ABCDEFGHIJKLMNOP";

    log.record(AuditRecord.of(key, "succeeded", null, Map.of()));

    assertFalse(out.toString().contains(key));
    AuditRecord refusal = written.get(0);
    assertEquals("aws-access-key-id", refusal.reason());
    assertNull(refusal.ids().get("originalAction"));
    assertEquals("action", refusal.ids().get("field"));
  }

  @Test
  void record_shouldRefuse_whenReasonOrIdNameCarriesSecret() {
    log.record(AuditRecord.of("billing.event", "failed", "card 4242 4242 4242 4242", Map.of()));
    log.record(
        AuditRecord.of("a.b", "failed", null, Map.of("xoxb-" + "1234567890-abcdefghij", "x")));

    assertEquals("card-number", written.get(0).reason());
    assertEquals("reason", written.get(0).ids().get("field"));
    assertEquals("slack-token", written.get(1).reason());
    assertEquals("ids", written.get(1).ids().get("field"));
    assertFalse(out.toString().contains("4242 4242"));
  }

  @Test
  void record_shouldKeepOneRecordPerLine_whenValuesContainNewlines() {
    log.record(AuditRecord.of("a.b", "failed", "line1\n{\"action\":\"forged\"}", Map.of()));

    String[] lines = out.toString().split("\n");
    assertEquals(1, lines.length);
    assertEquals("a.b", Json.read(lines[0], AuditRecord.class).action());
  }

  @Test
  void record_shouldNeverInterleave_whenManyThreadsWrite() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      int thread = t;
      pool.submit(
          () -> {
            start.await();
            for (int i = 0; i < 200; i++) {
              log.record(
                  AuditRecord.of(
                      "load.test", "succeeded", null, Map.of("thread", "t" + thread, "i", "" + i)));
            }
            return null;
          });
    }
    start.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));

    String[] lines = out.toString().split("\n");
    assertEquals(1600, lines.length);
    for (String line : lines) {
      assertEquals("load.test", Json.read(line, AuditRecord.class).action());
    }
  }

  @Test
  void record_shouldFlushEachLine() {
    List<String> flushedContent = new ArrayList<>();
    StringWriter buffer = new StringWriter();
    Writer sink =
        new Writer() {
          @Override
          public void write(char[] c, int off, int len) {
            buffer.write(c, off, len);
          }

          @Override
          public void flush() {
            flushedContent.add(buffer.toString());
          }

          @Override
          public void close() {}
        };
    JsonLinesAuditLog flushing = new JsonLinesAuditLog(sink);

    flushing.record(AuditRecord.of("a.one", "succeeded", null, Map.of()));
    flushing.record(AuditRecord.of("a.two", "succeeded", null, Map.of()));

    assertEquals(2, flushedContent.size());
    assertTrue(flushedContent.get(0).endsWith("\n"));
  }

  @Test
  void record_shouldThrow_whenSinkFails() {
    Writer broken =
        new Writer() {
          @Override
          public void write(char[] c, int off, int len) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };

    assertThrows(
        UncheckedIOException.class,
        () ->
            new JsonLinesAuditLog(broken).record(AuditRecord.of("a.b", "failed", null, Map.of())));
  }

  @Test
  void record_shouldWriteUtf8Lines_whenSinkIsPrintStream() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JsonLinesAuditLog printing =
        new JsonLinesAuditLog(new PrintStream(bytes, false, StandardCharsets.UTF_8));

    printing.record(AuditRecord.of("a.b", "succeeded", "café", Map.of()));

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\n"));
    assertEquals("café", Json.read(text.strip(), AuditRecord.class).reason());
  }
}
