package dev.airlock.backup.domain.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.backup.domain.archive.ArchiveIntegrityException.Failure;
import dev.airlock.core.crypto.Digests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArchiveFormatTest {
  static final String ID = "20260101T000000Z-0a0b0c0d";

  record Item(ArchiveEntry entry, byte[] bytes) {}

  static Item item(String key, byte[] bytes, Map<String, String> metadata) {
    return new Item(
        new ArchiveEntry(
            key,
            "v-" + key.length(),
            Instant.ofEpochMilli(1234567),
            "application/octet-stream",
            metadata,
            bytes.length),
        bytes);
  }

  static byte[] write(List<Item> items) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArchiveWriter w = new ArchiveWriter(out, ID);
    for (Item i : items) {
      assertEquals(
          Digests.sha256Hex(i.bytes()), w.add(i.entry(), new ByteArrayInputStream(i.bytes())));
    }
    w.finish();
    return out.toByteArray();
  }

  static List<Item> read(byte[] archive) throws IOException {
    ArchiveReader r = new ArchiveReader(new ByteArrayInputStream(archive), ID);
    List<Item> items = new ArrayList<>();
    Optional<ArchiveEntry> e;
    while ((e = r.next()).isPresent()) {
      byte[] bytes = r.content().readAllBytes();
      assertEquals(Optional.of(Digests.sha256Hex(bytes)), r.currentDigest());
      items.add(new Item(e.get(), bytes));
    }
    assertTrue(r.ended());
    return items;
  }

  static List<Item> sample() {
    return List.of(
        item(
            "tenants/acct-1/results/a.sarif",
            new byte[] {0, 1, 2, (byte) 0xff},
            Map.of("airlock-enc", "envelope-v1")),
        item("markers/empty", new byte[0], Map.of()),
        item("lookup/ünïcödé/雪 ☃ 🎉.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), Map.of()));
  }

  @Test
  void reader_shouldReturnWhatTheWriterWrote_includingEmptyAndUnicode() throws IOException {
    List<Item> items = sample();
    List<Item> back = read(write(items));
    assertEquals(items.size(), back.size());
    for (int i = 0; i < items.size(); i++) {
      assertEquals(items.get(i).entry(), back.get(i).entry());
      assertArrayEquals(items.get(i).bytes(), back.get(i).bytes());
    }
  }

  @Test
  void reader_shouldSkipAndStillCheck_unreadContent() throws IOException {
    byte[] archive = write(sample());
    // Corrupt the first entry's bytes; a caller that never reads them must still hear of it.
    int at = indexOf(archive, new byte[] {0, 1, 2, (byte) 0xff});
    archive[at + 1] ^= 0x10;
    ArchiveReader r = new ArchiveReader(new ByteArrayInputStream(archive), ID);
    r.next();
    ArchiveIntegrityException e = assertThrows(ArchiveIntegrityException.class, r::next);
    assertEquals(Failure.ENTRY_DIGEST, e.failure());
  }

  @Test
  void reader_shouldHandOnTheRecordedDigest_whenNotRecomputingDigests() throws IOException {
    List<Item> items = sample();
    byte[] archive = write(items);
    // Change the first entry's recorded digest (the 32 bytes right after its content).
    int at = indexOf(archive, new byte[] {0, 1, 2, (byte) 0xff}) + 4;
    archive[at] ^= 0x01;
    byte[] recorded = Arrays.copyOfRange(archive, at, at + 32);

    ArchiveReader checking = new ArchiveReader(new ByteArrayInputStream(archive), ID, true);
    checking.next();
    ArchiveIntegrityException e =
        assertThrows(ArchiveIntegrityException.class, () -> checking.content().readAllBytes());
    assertEquals(Failure.ENTRY_DIGEST, e.failure());

    // A re-read trusts the recorded digest (the caller knows the bytes passed a full check) and
    // hands it on as it is, for the store to check against the bytes it receives.
    ArchiveReader rereading = new ArchiveReader(new ByteArrayInputStream(archive), ID, false);
    rereading.next();
    assertEquals(Optional.empty(), rereading.currentDigest(), "not before the content's end");
    assertArrayEquals(items.get(0).bytes(), rereading.content().readAllBytes());
    assertEquals(
        Optional.of(java.util.HexFormat.of().formatHex(recorded)), rereading.currentDigest());
    int n = 1;
    while (rereading.next().isPresent()) {
      byte[] bytes = rereading.content().readAllBytes();
      assertArrayEquals(items.get(n).bytes(), bytes);
      assertEquals(Optional.of(Digests.sha256Hex(bytes)), rereading.currentDigest());
      n++;
    }
    assertEquals(items.size(), n);
    assertTrue(rereading.ended(), "the footer's counts are still checked");
  }

  @Test
  void reader_shouldRefuse_aMissingFooterOrTrailingBytes() throws IOException {
    byte[] archive = write(sample());
    ArchiveIntegrityException noFooter =
        assertThrows(
            ArchiveIntegrityException.class,
            () -> read(Arrays.copyOf(archive, archive.length - 17)));
    assertEquals(Failure.ENTRY_MALFORMED, noFooter.failure());
    ArchiveIntegrityException trailing =
        assertThrows(
            ArchiveIntegrityException.class,
            () -> read(Arrays.copyOf(archive, archive.length + 1)));
    assertEquals(Failure.ENTRY_MALFORMED, trailing.failure());
  }

  @Test
  void reader_shouldRefuse_aFooterThatDisagrees() throws IOException {
    byte[] archive = write(sample());
    archive[archive.length - 9] = 9; // entry count's low byte
    ArchiveIntegrityException e =
        assertThrows(ArchiveIntegrityException.class, () -> read(archive));
    assertEquals(Failure.COUNT_MISMATCH, e.failure());
  }

  @Test
  void reader_shouldRefuse_anotherSnapshotsContent() throws IOException {
    byte[] archive = write(sample());
    ArchiveIntegrityException e =
        assertThrows(
            ArchiveIntegrityException.class,
            () ->
                new ArchiveReader(new ByteArrayInputStream(archive), "20260101T000000Z-99999999"));
    assertEquals(Failure.WRONG_SNAPSHOT, e.failure());
  }

  @Test
  void writer_shouldFail_whenAnObjectIsShorterOrLongerThanItsEntry() throws IOException {
    ArchiveWriter w = new ArchiveWriter(new ByteArrayOutputStream(), ID);
    Item i = item("lookup/x", new byte[10], Map.of());
    assertThrows(IOException.class, () -> w.add(i.entry(), new ByteArrayInputStream(new byte[9])));
    ArchiveWriter w2 = new ArchiveWriter(new ByteArrayOutputStream(), ID);
    assertThrows(
        IOException.class, () -> w2.add(i.entry(), new ByteArrayInputStream(new byte[11])));
  }

  @Test
  void entry_shouldRefuse_oversizedKeysAndMetadata() {
    assertThrows(
        IllegalArgumentException.class, () -> item("k".repeat(1025), new byte[0], Map.of()));
    assertThrows(IllegalArgumentException.class, () -> item("", new byte[0], Map.of()));
    java.util.HashMap<String, String> many = new java.util.HashMap<>();
    for (int i = 0; i < 65; i++) {
      many.put("m" + i, "v");
    }
    assertThrows(IllegalArgumentException.class, () -> item("lookup/x", new byte[0], many));
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
