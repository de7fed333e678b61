package dev.airlock.accounts.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.crypto.Digests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiptChainTest {

  /** A chain as the analyze function writes it: sequence, predecessor's SHA-256, then fields. */
  private static List<String> chain(int n) {
    List<String> lines = new ArrayList<>();
    String previous = ReceiptChain.GENESIS;
    for (int i = 1; i <= n; i++) {
      String line =
          "{\"sequence\":"
              + i
              + ",\"previousReceiptSha256\":\""
              + previous
              + "\",\"jobId\":\"job-"
              + i
              + "\",\"bytes\":"
              + (100 * i)
              + ",\"verifiedAbsent\":true}";
      lines.add(line);
      previous = Digests.sha256Hex(line);
    }
    return lines;
  }

  private static List<byte[]> bytes(List<String> lines) {
    return lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
  }

  @Test
  void verify_shouldAcceptAndNameTheHead_whenEveryLinkHolds() {
    List<String> lines = chain(4);

    ReceiptChain.Verification v = ReceiptChain.verify(bytes(lines));

    assertTrue(v.valid());
    assertEquals(4, v.receipts());
    assertEquals(Digests.sha256Hex(lines.get(3)), v.headSha256());
    assertNull(v.problem());
  }

  @Test
  void verify_shouldAcceptAnEmptyChain() {
    ReceiptChain.Verification v = ReceiptChain.verify(List.of());
    assertTrue(v.valid());
    assertEquals(0, v.receipts());
    assertNull(v.headSha256());
  }

  @Test
  void verify_shouldReportTheNextReceipt_whenAReceiptWasAltered() {
    List<String> lines = new ArrayList<>(chain(4));
    lines.set(1, lines.get(1).replace("\"bytes\":200", "\"bytes\":201"));

    ReceiptChain.Verification v = ReceiptChain.verify(bytes(lines));

    assertFalse(v.valid());
    assertEquals(3L, v.brokenAt(), "receipt 3 names the original receipt 2");
    assertEquals("hash-mismatch", v.problem());
  }

  @Test
  void verify_shouldReportAGap_whenAReceiptWasRemoved() {
    List<String> lines = new ArrayList<>(chain(4));
    lines.remove(1);

    ReceiptChain.Verification v = ReceiptChain.verify(bytes(lines));

    assertFalse(v.valid());
    assertEquals(2L, v.brokenAt());
    assertEquals("sequence-gap", v.problem());
  }

  @Test
  void verify_shouldReportAMismatch_whenTheFirstReceiptDoesNotStartFromGenesis() {
    List<String> lines = chain(2);
    String forged = lines.get(0).replace(ReceiptChain.GENESIS, "1".repeat(64));

    ReceiptChain.Verification v = ReceiptChain.verify(bytes(List.of(forged, lines.get(1))));

    assertEquals(1L, v.brokenAt());
    assertEquals("hash-mismatch", v.problem());
  }

  @Test
  void verify_shouldReportMalformed_whenAReceiptIsNotJsonOrLacksTheChainFields() {
    assertEquals("malformed", ReceiptChain.verify(bytes(List.of("not json"))).problem());
    assertEquals("malformed", ReceiptChain.verify(bytes(List.of("{\"sequence\":1}"))).problem());
  }

  @Test
  void verifyLines_shouldSkipAuditLinesAndCatchADamagedReceiptLine() {
    List<String> receipts = chain(3);
    List<String> export = new ArrayList<>();
    export.add("{\"time\":\"2026-01-01T00:00:00Z\",\"action\":\"job.accepted\",\"ids\":{}}");
    export.addAll(receipts);
    assertTrue(ReceiptChain.verifyLines(export).valid());
    assertEquals(3, ReceiptChain.verifyLines(export).receipts());

    export.set(3, export.get(3).substring(0, 20) + "\"previousReceiptSha256\"");
    ReceiptChain.Verification damaged = ReceiptChain.verifyLines(export);
    assertFalse(damaged.valid());
    assertEquals("malformed", damaged.problem());
  }
}
