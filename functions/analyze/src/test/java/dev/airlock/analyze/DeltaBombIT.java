package dev.airlock.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import org.eclipse.jgit.internal.storage.file.BasePackIndexWriter;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.transport.PackedObjectInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Compression bombs through deltas, in packs written here byte by byte (with their index, so the
 * code host never resolves the deltas itself): a few kilobytes of "copy the base" instructions per
 * object that JGit's pack parser expands in memory, served over real HTTP and run through the real
 * handler. The clone timeout is cut to 15 s so the slow case shows in seconds.
 */
@ExtendWith(LocalAwsExtension.class)
class DeltaBombIT {
  private static final Duration CLONE_TIMEOUT = Duration.ofSeconds(15);
  private static AnalyzeTestBed bed;

  @BeforeAll
  static void start(LocalAws aws) {
    bed =
        AnalyzeTestBed.start(
            aws,
            Map.of(
                "airlock.analyze.max-files",
                100_000,
                "airlock.analyze.max-file-bytes",
                1024 * 1024,
                "airlock.analyze.clone-timeout",
                CLONE_TIMEOUT.toSeconds() + "s"));
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  private static FixtureTree base() {
    return FixtureTree.create().file("probe.properties", "\n").file("README.md", "# fine\n");
  }

  @Test
  void handleRequest_shouldStopAtTheCloneTimeout_whenDeltasUnderTheObjectCapKeepJGitResolving()
      throws Exception {
    // 160 deltas of 256 MiB each against one base: every object is under the 512 MiB cap, and
    // JGit resolves the deltas of one base without polling its cancel check; only the progress
    // reports (CapMonitor.update) can end it at the deadline instead of after ~160 s
    HostileRun r = analyze(deltaBomb(160, 256));

    assertEquals(List.of(r.messageId()), r.failures(), "a timeout is retried: " + r.run());
    assertEquals(RunRecord.Status.FAILED, r.run().status(), "run " + r.run());
    assertEquals(Reason.CLONE_TIMEOUT, r.run().reason());
    assertTrue(
        r.took().compareTo(CLONE_TIMEOUT.plusSeconds(10)) < 0,
        "ended at the " + CLONE_TIMEOUT + " clone timeout: " + r.took());
    r.assertPurged(bed, "failed");

    // SQS brings the message back: a second timeout in a row is refused, not retried up to
    // maxReceiveCount (five checkouts of a repository built to burn them)
    HostileRun second = r.again(bed);

    assertEquals(List.of(), second.failures(), "acknowledged: " + second.run());
    assertEquals(RunRecord.Status.REFUSED, second.run().status(), "run " + second.run());
    assertEquals(Reason.CLONE_TIMEOUT_REPEATED, second.run().reason());
    assertEquals(2, second.run().attempt());
    assertEquals("clone-timeout-repeated", second.receipt().get("reason"));
    assertTrue(
        second.took().compareTo(CLONE_TIMEOUT.plusSeconds(10)) < 0,
        "ended at the clone timeout again: " + second.took());
    second.assertPurged(bed, "refused");
  }

  @Test
  void handleRequest_shouldRefuseRepositoryTooLargeWhileReadingThePack_whenDeltasExpandToGigabytes()
      throws Exception {
    // a compression bomb through deltas: a 1 MiB blob of zeros and 32 deltas against it, each a
    // few KB of "copy the base" instructions that make a 1 GiB blob; the pack is ~40 KB, so the
    // pack-size check never fires, while resolving it means allocating and hashing 32 GiB
    HostileRun r = analyze(deltaBomb(32, 1024));

    assertRefused(r, Reason.REPOSITORY_TOO_LARGE);
    assertTrue(r.took().compareTo(Duration.ofSeconds(10)) < 0, "refused at once: " + r.took());
    @SuppressWarnings("unchecked")
    List<Object> caps = (List<Object>) r.run().summary().get("capsHit");
    assertEquals(List.of("repository-too-large"), caps);
  }

  /**
   * A repository whose only pack (written here byte by byte, with its index, so the host never
   * resolves the deltas itself) holds a 1 MiB blob of zeros and {@code deltas} REF_DELTA blobs
   * against it, each {@code copies} copies of the base and 8 bytes of its own.
   */
  private static Repo deltaBomb(int deltas, int copies) throws Exception {
    int baseSize = 1 << 20;
    String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
    bed.repos.create(owner, "deltas", base());
    Path gitDir = bed.repos.directoryOf(owner, "deltas");
    Path packDir = Files.createDirectories(gitDir.resolve("objects/pack"));
    Path tmp = packDir.resolve("tmp-" + UUID.randomUUID() + ".pack");

    ObjectId baseId = blobId(baseSize);
    long resultSize = (long) copies * baseSize + 8;
    MessageDigest zerosHashed = MessageDigest.getInstance("SHA-1");
    zerosHashed.update(("blob " + resultSize + "\0").getBytes(StandardCharsets.US_ASCII));
    feedZeros(zerosHashed, (long) copies * baseSize);

    List<PackedObjectInfo> index = new ArrayList<>();
    List<ObjectId> blobs = new ArrayList<>();
    MessageDigest packHash = MessageDigest.getInstance("SHA-1");
    try (OutputStream file = Files.newOutputStream(tmp);
        DigestOutputStream out = new DigestOutputStream(file, packHash)) {
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      header.write("PACK".getBytes(StandardCharsets.US_ASCII));
      header.write(new byte[] {0, 0, 0, 2});
      header.write(ByteBuffer.allocate(4).putInt(deltas + 1).array());
      out.write(header.toByteArray());
      long offset = header.size();

      byte[] entry = entry(Constants.OBJ_BLOB, baseSize, null, deflate(new byte[baseSize]));
      index.add(info(baseId, offset, entry));
      out.write(entry);
      offset += entry.length;

      for (int i = 0; i < deltas; i++) {
        byte[] tail = String.format("d%07d", i).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        writeVarint(delta, baseSize);
        writeVarint(delta, resultSize);
        for (int c = 0; c < copies; c++) {
          // copy from offset 0 (no offset bytes), size in the third size byte: 0x10 << 16 = 1 MiB
          delta.write(0x80 | 0x40);
          delta.write(0x10);
        }
        delta.write(tail.length);
        delta.write(tail);
        byte[] raw = delta.toByteArray();
        MessageDigest id = (MessageDigest) zerosHashed.clone();
        id.update(tail);
        ObjectId blob = ObjectId.fromRaw(id.digest());
        blobs.add(blob);
        entry = entry(Constants.OBJ_REF_DELTA, raw.length, baseId, deflate(raw));
        index.add(info(blob, offset, entry));
        out.write(entry);
        offset += entry.length;
      }
    }
    byte[] checksum = packHash.digest();
    Files.write(tmp, checksum, StandardOpenOption.APPEND);
    String name = "pack-" + ObjectId.fromRaw(checksum).name();
    Files.move(tmp, packDir.resolve(name + ".pack"));
    index.sort(Comparator.naturalOrder());
    try (OutputStream idx = Files.newOutputStream(packDir.resolve(name + ".idx"))) {
      BasePackIndexWriter.createVersion(idx, 2).write(index, checksum);
    }

    ObjectId tree;
    try (FileRepository repo = new FileRepository(gitDir.toFile());
        ObjectInserter inserter = repo.newObjectInserter()) {
      TreeFormatter f = new TreeFormatter();
      f.append("base.bin", FileMode.REGULAR_FILE, baseId);
      for (int i = 0; i < deltas; i++) {
        f.append(String.format("d%03d.bin", i), FileMode.REGULAR_FILE, blobs.get(i));
      }
      tree = inserter.insert(f);
      inserter.flush();
    }
    String sha =
        bed.repos.commit(
            owner, "deltas", base().entry(List.of("bomb"), FileMode.TREE, tree), "deltas");
    long installation = 5_000_000_000L + (System.nanoTime() & 0xffffff);
    bed.host.registerInstallation(installation, owner, List.of(owner + "/deltas"));
    return new Repo(owner, "deltas", sha, installation);
  }

  private static ObjectId blobId(int zeros) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-1");
    md.update(("blob " + zeros + "\0").getBytes(StandardCharsets.US_ASCII));
    feedZeros(md, zeros);
    return ObjectId.fromRaw(md.digest());
  }

  private static void feedZeros(MessageDigest md, long n) {
    byte[] block = new byte[1 << 20];
    for (long left = n; left > 0; left -= block.length) {
      md.update(block, 0, (int) Math.min(block.length, left));
    }
  }

  private static PackedObjectInfo info(ObjectId id, long offset, byte[] entry) {
    PackedObjectInfo info = new PackedObjectInfo(id);
    info.setOffset(offset);
    CRC32 crc = new CRC32();
    crc.update(entry);
    info.setCRC((int) crc.getValue());
    return info;
  }

  /** One pack entry: the type-and-size header, the base id of a REF_DELTA, the deflated data. */
  private static byte[] entry(int type, long size, ObjectId base, byte[] deflated)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b = (type << 4) | (int) (size & 0x0f);
    size >>>= 4;
    while (size != 0) {
      out.write(b | 0x80);
      b = (int) (size & 0x7f);
      size >>>= 7;
    }
    out.write(b);
    if (base != null) {
      byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
      base.copyRawTo(raw, 0);
      out.write(raw);
    }
    out.write(deflated);
    return out.toByteArray();
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while (value >= 0x80) {
      out.write((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static byte[] deflate(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  private static HostileRun analyze(Repo repo) {
    return HostileRun.analyze(bed, repo);
  }

  private static void assertRefused(HostileRun r, Reason reason) {
    r.assertRefused(bed, reason, CLONE_TIMEOUT);
  }
}
