package dev.airlock.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.backup.adapter.S3RestoreTarget;
import dev.airlock.backup.adapter.S3SnapshotStore;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.LocatedSnapshot;
import dev.airlock.backup.domain.Manifest;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import dev.airlock.backup.domain.SnapshotCatalog;
import dev.airlock.backup.domain.SnapshotReader;
import dev.airlock.backup.domain.archive.ArchiveEntry;
import dev.airlock.backup.domain.archive.ArchiveIntegrityException;
import dev.airlock.backup.port.BackupStoreException;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What restore writes: nothing at all for a snapshot that fails anywhere, even where only the last
 * chunks or the end of the archive can tell (a tampered chunk inside a large object, a manifest
 * digest only the whole archive refutes), and it is never reported or audited as restored; every
 * object exactly once for one that verifies; and each PUT carries the object's recorded SHA-256, so
 * the store refuses bytes that do not match it.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreWritesIT {
  static final int CHUNK = 64 * 1024;
  static final String BIG = "tenants/zz-last/big.bin";

  private BackupTestBed bed;
  private LocalAws aws;
  private Manifest manifest;
  private final Map<String, byte[]> objects = new LinkedHashMap<>();

  @BeforeAll
  void state(LocalAws aws) throws Exception {
    this.aws = aws;
    bed = new BackupTestBed(aws, b -> b.chunkBytes(CHUNK));
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 30; i++) {
      byte[] b = new byte[100 + random.nextInt(2000)];
      random.nextBytes(b);
      objects.put("tenants/acct-" + i + "/runs/" + i, b);
    }
    // Larger than what restore buffers (1 MiB): streamed to S3 in the write pass.
    byte[] big = new byte[3 * 1024 * 1024 + 123];
    random.nextBytes(big);
    objects.put(BIG, big);
    bed.putAll(objects, Map.of());
    manifest = bed.ops.backup().manifest();
  }

  /** Operations reading a copy of the snapshot, changed by the given functions, in a new bucket. */
  private BackupOperations tampered(
      UnaryOperator<byte[]> archive, UnaryOperator<String> manifestJson) {
    String bucket = "tamper-" + UUID.randomUUID().toString().substring(0, 8);
    BackupTestBed.createVersioned(aws.s3(), bucket);
    String archiveKey = manifest.ref().archiveKey();
    String manifestKey = manifest.ref().manifestKey();
    aws.s3()
        .putObject(
            r -> r.bucket(bucket).key(archiveKey),
            RequestBody.fromBytes(archive.apply(bed.backupObject(archiveKey))));
    String json = new String(bed.backupObject(manifestKey), StandardCharsets.UTF_8);
    aws.s3()
        .putObject(
            r -> r.bucket(bucket).key(manifestKey),
            RequestBody.fromBytes(manifestJson.apply(json).getBytes(StandardCharsets.UTF_8)));
    return bed.wire(b -> b.chunkBytes(CHUNK).backupBucket(bucket));
  }

  private RestoreReport restore(BackupOperations ops, String prefix) {
    return ops.restore(
        new RestoreRequest(manifest.snapshotId(), "primary", null, null, prefix, false));
  }

  private void assertRefusedBeforeWriting(RestoreReport r, String prefix, String failure) {
    assertEquals(RestoreReport.FAILED, r.outcome());
    assertEquals(failure, r.failure(), r.message());
    assertEquals(0, r.objectsRestored());
    assertFalse(r.cleanedUp(), "nothing was written, so nothing had to be removed");
    assertEquals(0, BackupTestBed.versionCount(aws.s3(), bed.restore, prefix), "no version");
    assertFalse(
        bed.auditLines().stream()
            .anyMatch(
                l ->
                    l.contains("\"backup.restore\"")
                        && l.contains("\"succeeded\"")
                        && l.contains(prefix)),
        "never audited as restored");
  }

  @Test
  void restore_shouldWriteNothing_whenAChunkInsideTheLastLargeObjectIsTampered() {
    // The big object is the last entry (keys are archived in order): flip a byte in the archive's
    // second-to-last chunk, inside its bytes, after every small object was read.
    int frame = 5 + CHUNK + 16;
    int header = 4 + 1 + 2 + manifest.snapshotId().length() + 4;
    long chunk = manifest.chunkCount() - 2;
    BackupOperations ops =
        tampered(
            a -> {
              a[header + (int) chunk * frame + 5 + 1000] ^= 0x40;
              return a;
            },
            m -> m);
    String prefix = "streamed-" + UUID.randomUUID().toString().substring(0, 6) + "/";
    RestoreReport r = restore(ops, prefix);
    assertRefusedBeforeWriting(r, prefix, "chunk-authentication");
    assertEquals(chunk, r.failedChunk(), "the failing chunk is named");
  }

  @Test
  void restore_shouldWriteNothing_whenOnlyTheManifestDigestIsWrong() {
    BackupOperations ops =
        tampered(a -> a, m -> m.replace(manifest.plaintextSha256(), "0".repeat(64)));
    String prefix = "digest-" + UUID.randomUUID().toString().substring(0, 6) + "/";
    RestoreReport r = restore(ops, prefix);
    assertRefusedBeforeWriting(r, prefix, "manifest-authentication");
  }

  @Test
  void restore_shouldWriteEveryObjectOnce_whenTheSnapshotVerifies() throws Exception {
    String prefix = "ok-" + UUID.randomUUID().toString().substring(0, 6) + "/";
    RestoreReport r = restore(bed.ops, prefix);
    assertEquals(RestoreReport.RESTORED, r.outcome(), r.message());
    assertEquals(objects.size(), r.objectsRestored());
    assertFalse(r.cleanedUp());
    assertEquals(objects.size(), BackupTestBed.versionCount(aws.s3(), bed.restore, prefix));
    Map<String, byte[]> restored = BackupTestBed.readAll(aws.s3(), bed.restore, prefix);
    objects.forEach((k, v) -> assertArrayEquals(v, restored.get(k), k));
  }

  @Test
  void restore_shouldSendEveryObjectsSha256_includingTheStreamedOnes() throws Exception {
    // The store keeps the checksum a PUT carried: SHA-256 on every restored object means every PUT
    // carried the object's digest (which S3 checked), the large streamed one too, whose digest the
    // archive records only after its bytes; and that the SDK added no CRC32 of its own.
    String prefix = "sums-" + UUID.randomUUID().toString().substring(0, 6) + "/";
    RestoreReport r = restore(bed.ops, prefix);
    assertEquals(RestoreReport.RESTORED, r.outcome(), r.message());
    for (Map.Entry<String, byte[]> o : objects.entrySet()) {
      HeadObjectResponse h =
          aws.s3()
              .headObject(
                  b ->
                      b.bucket(bed.restore)
                          .key(prefix + o.getKey())
                          .checksumMode(ChecksumMode.ENABLED));
      assertEquals(
          Base64.getEncoder()
              .encodeToString(HexFormat.of().parseHex(BackupTestBed.sha256(o.getValue()))),
          h.checksumSHA256(),
          o.getKey());
      assertNull(h.checksumCRC32(), o.getKey());
    }
  }

  @Test
  void reread_shouldStillRefuseAChunkThatDoesNotAuthenticate() {
    // The write pass does not recompute the SHA-256s: what it relies on instead is that every
    // chunk must authenticate again. An archive changed after the verifying pass (here: a copy
    // with one flipped byte in chunk 3) is refused by the re-read alone, naming the chunk.
    int frame = 5 + CHUNK + 16;
    int header = 4 + 1 + 2 + manifest.snapshotId().length() + 4;
    String bucket = "reread-" + UUID.randomUUID().toString().substring(0, 8);
    BackupTestBed.createVersioned(aws.s3(), bucket);
    byte[] archive = bed.backupObject(manifest.ref().archiveKey());
    archive[header + 3 * frame + 5 + 77] ^= 0x01;
    aws.s3()
        .putObject(
            r -> r.bucket(bucket).key(manifest.ref().archiveKey()), RequestBody.fromBytes(archive));
    aws.s3()
        .putObject(
            r -> r.bucket(bucket).key(manifest.ref().manifestKey()),
            RequestBody.fromBytes(bed.backupObject(manifest.ref().manifestKey())));
    S3SnapshotStore store =
        new S3SnapshotStore(
            aws.s3(), bucket, BackupRegion.PRIMARY, null, S3SnapshotStore.MIN_PART_BYTES);
    LocatedSnapshot located = new SnapshotCatalog().resolve(store, manifest.snapshotId());
    SnapshotReader reader =
        new SnapshotReader(new KmsDataKeyProvider(aws.kms()), aws.keyArn("BackupKey"));
    ArchiveIntegrityException e =
        assertThrows(
            ArchiveIntegrityException.class, () -> reader.reread(located, (entry, in, sha) -> {}));
    assertEquals(ArchiveIntegrityException.Failure.CHUNK_AUTHENTICATION, e.failure());
    assertEquals(3, e.chunk());
  }

  @Test
  void put_shouldBeRefusedByTheStore_whenTheBytesDoNotMatchTheExpectedDigest() {
    S3RestoreTarget target = new S3RestoreTarget(aws.s3(), bed.restore, null);
    byte[] bytes = "restored bytes".getBytes(StandardCharsets.UTF_8);
    ArchiveEntry entry =
        new ArchiveEntry("k", "v1", Instant.EPOCH, "text/plain", Map.of(), bytes.length);
    String key = "mismatch-" + UUID.randomUUID().toString().substring(0, 6);
    String other = BackupTestBed.sha256("other bytes".getBytes(StandardCharsets.UTF_8));
    assertThrows(
        BackupStoreException.class,
        () -> target.put(key, entry, new ByteArrayInputStream(bytes), other));
    assertFalse(BackupTestBed.exists(aws.s3(), bed.restore, key), "nothing stored");

    target.put(key, entry, new ByteArrayInputStream(bytes), BackupTestBed.sha256(bytes));
    assertTrue(BackupTestBed.exists(aws.s3(), bed.restore, key));
  }
}
