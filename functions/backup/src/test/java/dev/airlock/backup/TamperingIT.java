package dev.airlock.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.Manifest;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import dev.airlock.backup.domain.SnapshotRef;
import dev.airlock.backup.domain.VerifyReport;
import dev.airlock.backup.domain.archive.SealingOutputStream;
import dev.airlock.core.crypto.DataKeyProvider.DataKey;
import dev.airlock.core.json.Json;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A snapshot tampered with in the bucket (a flipped byte, a truncation, two chunks swapped, a
 * manifest digest changed, another key): verify and restore refuse, name the failure and the chunk,
 * and restore writes nothing.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TamperingIT {
  static final int CHUNK = 1024;

  private BackupTestBed bed;
  private LocalAws aws;
  private Manifest first;
  private Manifest second;
  private BackupOperations ops;
  private String tampered;

  @BeforeAll
  void state(LocalAws aws) throws Exception {
    this.aws = aws;
    bed = new BackupTestBed(aws, b -> b.chunkBytes(CHUNK));
    SplittableRandom random = new SplittableRandom(7);
    Map<String, byte[]> objects = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      byte[] b = new byte[200 + random.nextInt(800)];
      random.nextBytes(b);
      objects.put("tenants/acct-" + (i % 3) + "/runs/" + i, b);
    }
    bed.putAll(objects, Map.of());
    first = bed.ops.backup().manifest();
    second = bed.ops.backup().manifest();
    assertTrue(first.chunkCount() > 10, "enough chunks to tamper with");
  }

  /**
   * A pristine copy of {@code m} (manifest and archive under the same keys) in a bucket of its own,
   * for one case to tamper with; {@link #ops} then reads that bucket.
   */
  private Manifest copy(Manifest m) {
    tampered = "tamper-" + UUID.randomUUID().toString().substring(0, 8);
    BackupTestBed.createVersioned(aws.s3(), tampered);
    for (String key : List.of(m.ref().manifestKey(), m.ref().archiveKey())) {
      overwrite(key, bed.backupObject(key));
    }
    ops = bed.wire(b -> b.chunkBytes(CHUNK).backupBucket(tampered));
    return m;
  }

  private byte[] object(String key) {
    return aws.s3().getObjectAsBytes(r -> r.bucket(tampered).key(key)).asByteArray();
  }

  private void overwrite(String key, byte[] bytes) {
    aws.s3().putObject(r -> r.bucket(tampered).key(key), RequestBody.fromBytes(bytes));
  }

  private static int headerBytes(Manifest m) {
    return 4 + 1 + 2 + m.snapshotId().length() + 4;
  }

  private static int frameBytes() {
    return 5 + CHUNK + 16;
  }

  private void tamperArchive(Manifest m, UnaryOperator<byte[]> change) {
    String key = m.ref().archiveKey();
    overwrite(key, change.apply(object(key)));
  }

  private void tamperManifest(Manifest m, UnaryOperator<String> change) {
    String key = m.ref().manifestKey();
    String json = new String(object(key), StandardCharsets.UTF_8);
    overwrite(key, change.apply(json).getBytes(StandardCharsets.UTF_8));
  }

  /** Verify and restore both refuse with {@code failure} at {@code chunk}; nothing is written. */
  private void assertRefused(Manifest m, String failure, Long chunk) {
    VerifyReport v = ops.verify(m.snapshotId(), BackupRegion.PRIMARY);
    assertEquals(VerifyReport.FAILED, v.outcome());
    assertEquals(failure, v.failure(), v.message());
    assertEquals(chunk, v.failedChunk(), v.message());
    if (chunk != null) {
      assertTrue(v.message().contains("chunk " + chunk), v.message());
    }

    String prefix = tampered + "/";
    RestoreReport r =
        ops.restore(new RestoreRequest(m.snapshotId(), "primary", null, null, prefix, false));
    assertEquals(RestoreReport.FAILED, r.outcome());
    assertEquals(failure, r.failure(), r.message());
    assertEquals(chunk, r.failedChunk());
    assertEquals(0, r.objectsRestored());
    assertFalse(r.cleanedUp(), "nothing was written, so nothing was cleaned up");
    assertEquals(0, BackupTestBed.versionCount(aws.s3(), bed.restore, prefix), "nothing written");
    assertTrue(
        bed.auditLines().stream()
            .anyMatch(
                l ->
                    l.contains("\"backup.restore\"")
                        && l.contains("\"failed\"")
                        && l.contains(m.snapshotId())),
        "the refusal is audited");
  }

  @Test
  void flippedByte_shouldBeRefused_namingItsChunk() {
    Manifest m = copy(first);
    tamperArchive(
        m,
        a -> {
          a[headerBytes(m) + 3 * frameBytes() + 77] ^= 0x01;
          return a;
        });
    assertRefused(m, "chunk-authentication", 3L);
  }

  @Test
  void truncatedArchive_shouldBeRefused_namingTheChunkCut() {
    Manifest m = copy(first);
    tamperArchive(m, a -> Arrays.copyOf(a, headerBytes(m) + 5 * frameBytes() + 100));
    assertRefused(m, "truncated", 5L);
  }

  @Test
  void swappedChunks_shouldBeRefused_atTheFirstOutOfPlaceChunk() {
    Manifest m = copy(first);
    tamperArchive(
        m,
        a -> {
          int two = headerBytes(m) + 2 * frameBytes();
          int four = headerBytes(m) + 4 * frameBytes();
          byte[] chunkTwo = Arrays.copyOfRange(a, two, two + frameBytes());
          System.arraycopy(a, four, a, two, frameBytes());
          System.arraycopy(chunkTwo, 0, a, four, frameBytes());
          return a;
        });
    assertRefused(m, "chunk-authentication", 2L);
  }

  @Test
  void changedManifestDigest_shouldBeRefused_byTheManifestsTag() {
    Manifest m = copy(first);
    tamperManifest(m, json -> json.replace(m.plaintextSha256(), "0".repeat(64)));
    assertRefused(m, "manifest-authentication", null);
  }

  @Test
  void changedCiphertextDigest_shouldBeRefused_byTheManifestsTag() {
    Manifest m = copy(first);
    tamperManifest(m, json -> json.replace(m.ciphertextSha256(), "0".repeat(64)));
    assertRefused(m, "manifest-authentication", null);
  }

  /** The manifest as version 1 wrote it: no tag. */
  private static String unsealed(String json) {
    String stripped = json.replaceAll(",?\"manifestMac\":\"[^\"]*\"", "");
    assertTrue(!stripped.equals(json) && stripped.contains("\"formatVersion\":2"), json);
    return stripped.replace("\"formatVersion\":2", "\"formatVersion\":1");
  }

  @Test
  void unsealedManifest_shouldStillVerify_byRecomputingEveryDigest() {
    // Snapshots written before the tag (format 1) stay verifiable and restorable.
    Manifest m = copy(first);
    tamperManifest(m, TamperingIT::unsealed);
    VerifyReport v = ops.verify(m.snapshotId(), BackupRegion.PRIMARY);
    assertEquals(VerifyReport.VERIFIED, v.outcome(), v.message());
    RestoreReport r =
        ops.restore(
            new RestoreRequest(m.snapshotId(), "primary", null, null, tampered + "-v1/", false));
    assertEquals(RestoreReport.RESTORED, r.outcome(), r.message());
    assertEquals(40, r.objectsRestored());
  }

  @Test
  void strippedTagAndChangedCiphertextDigest_shouldBeRefused_byTheRecomputedDigest() {
    // Claiming the old format to shed the tag brings back the full recomputation.
    Manifest m = copy(first);
    tamperManifest(m, json -> unsealed(json).replace(m.ciphertextSha256(), "0".repeat(64)));
    assertRefused(m, "ciphertext-digest", null);
  }

  @Test
  void sealedManifestWithoutItsTag_shouldBeRefused() {
    Manifest m = copy(first);
    tamperManifest(m, json -> json.replaceAll(",?\"manifestMac\":\"[^\"]*\"", ""));
    assertRefused(m, "manifest-authentication", null);
  }

  @Test
  void wrappedKeyOfAnotherKmsKey_shouldBeRefused() {
    Manifest m = copy(first);
    DataKey other =
        new KmsDataKeyProvider(aws.kms())
            .generate(aws.keyArn("StateKey"), Manifest.contextFor(m.snapshotId()));
    Arrays.fill(other.plaintext(), (byte) 0);
    tamperManifest(
        m,
        json ->
            json.replace(m.wrappedDataKey(), Base64.getEncoder().encodeToString(other.wrapped()))
                .replace(m.kmsKeyId(), other.keyId()));
    assertRefused(m, "data-key-refused", null);
  }

  @Test
  void wrappedKeyOfAnotherSnapshot_shouldBeRefused() {
    Manifest m = copy(second);
    tamperManifest(m, json -> json.replace(second.wrappedDataKey(), first.wrappedDataKey()));
    assertRefused(m, "data-key-refused", null);
  }

  @Test
  void archiveSealedUnderAnotherDataKey_shouldFailItsFirstChunk() throws Exception {
    Manifest m = copy(first);
    byte[] otherKey = new byte[32];
    new SplittableRandom(99).nextBytes(otherKey);
    ByteArrayOutputStream forged = new ByteArrayOutputStream();
    try (SealingOutputStream s = new SealingOutputStream(forged, otherKey, m.snapshotId(), CHUNK)) {
      s.write(new byte[(int) m.plaintextBytes()]);
    }
    tamperArchive(m, a -> forged.toByteArray());
    assertRefused(m, "chunk-authentication", 0L);
  }

  @Test
  void untamperedSnapshot_shouldStillVerify() {
    Manifest m = copy(first);
    VerifyReport v = ops.verify(m.snapshotId(), BackupRegion.PRIMARY);
    assertEquals(VerifyReport.VERIFIED, v.outcome(), v.message());
    assertNull(v.failure());
    assertEquals(40, v.objectCount());
    assertEquals(
        m,
        Json.read(
            object(new SnapshotRef(m.series(), m.snapshotId()).manifestKey()), Manifest.class));
  }

  // ------------------------------------------------------------------ attacks (red team)

  /** Both snapshots, pristine, in a bucket of their own (and {@link #ops} reading it). */
  private void copyBoth() {
    copy(first);
    for (String key : List.of(second.ref().manifestKey(), second.ref().archiveKey())) {
      overwrite(key, bed.backupObject(key));
    }
  }

  @Test
  void truncatedAtAChunkBoundary_shouldBeRefused_notRestoredShorter() {
    // Whole frames only: every remaining chunk authenticates, but none carries the final flag.
    Manifest m = copy(first);
    tamperArchive(m, a -> Arrays.copyOf(a, headerBytes(m) + 5 * frameBytes()));
    assertRefused(m, "truncated", 5L);
  }

  @Test
  void extraChunkAppended_shouldBeRefused() {
    // A copy of an authentic frame after the final one: it authenticates nowhere past the end.
    Manifest m = copy(first);
    tamperArchive(
        m,
        a -> {
          int from = headerBytes(m) + 2 * frameBytes();
          byte[] longer = Arrays.copyOf(a, a.length + frameBytes());
          System.arraycopy(a, from, longer, a.length, frameBytes());
          return longer;
        });
    VerifyReport v = ops.verify(m.snapshotId(), BackupRegion.PRIMARY);
    assertEquals(VerifyReport.FAILED, v.outcome(), v.message());
    assertEquals("size-mismatch", v.failure(), v.message()); // before a byte is decrypted
    RestoreReport r =
        ops.restore(
            new RestoreRequest(m.snapshotId(), "primary", null, null, tampered + "/", false));
    assertEquals(RestoreReport.FAILED, r.outcome());
    assertEquals(0, BackupTestBed.versionCount(aws.s3(), bed.restore, tampered + "/"));
  }

  @Test
  void chunkOfAnotherSnapshotSpliced_shouldBeRefused_atThatChunk() {
    // Same state, same chunk index, authentic under the other snapshot's data key and id.
    copyBoth();
    String key = second.ref().archiveKey();
    byte[] donor = object(first.ref().archiveKey());
    byte[] target = object(key);
    int at = headerBytes(second) + 3 * frameBytes();
    System.arraycopy(donor, headerBytes(first) + 3 * frameBytes(), target, at, frameBytes());
    overwrite(key, target);
    assertRefused(second, "chunk-authentication", 3L);
  }

  @Test
  void olderArchiveUnderTheNewestManifest_shouldFailItsFirstChunk() {
    // A manifest paired with another snapshot's (authentic) archive.
    copyBoth();
    overwrite(second.ref().archiveKey(), object(first.ref().archiveKey()));
    assertRefused(second, "wrong-snapshot", null);
  }

  @Test
  void olderSnapshotCopiedOverTheNewestNames_shouldBeRefused_byIdAndAsLatest() {
    // Rollback: an older, valid manifest and archive copied over the newest snapshot's names (a
    // new current version: Object Lock keeps the old version but does not stop the overwrite).
    copyBoth();
    overwrite(second.ref().manifestKey(), object(first.ref().manifestKey()));
    overwrite(second.ref().archiveKey(), object(first.ref().archiveKey()));
    assertRefused(second, "manifest-malformed", null);
    // "latest" must not quietly fall back to the older snapshot: that is the rollback itself.
    VerifyReport v = ops.verify("latest", BackupRegion.PRIMARY);
    assertEquals(VerifyReport.FAILED, v.outcome(), "latest resolved to " + v.snapshotId());
    assertEquals("manifest-malformed", v.failure(), v.message());
    assertTrue(v.message().contains(second.snapshotId()), v.message());
    RestoreReport r =
        ops.restore(new RestoreRequest("latest", "primary", null, null, tampered + "-l/", false));
    assertEquals(RestoreReport.FAILED, r.outcome(), "restored " + r.snapshotId());
    assertEquals(0, BackupTestBed.versionCount(aws.s3(), bed.restore, tampered + "-l/"));
    // The older snapshot itself stays restorable by its id.
    assertEquals(
        VerifyReport.VERIFIED, ops.verify(first.snapshotId(), BackupRegion.PRIMARY).outcome());
  }

  @Test
  void replicaTamperedWhilePrimaryIsFine_shouldBeRefused_whenRestoringFromTheReplica() {
    copy(second);
    String replica = tampered + "-replica";
    BackupTestBed.createVersioned(aws.s3Replica(), replica);
    for (String key : List.of(second.ref().manifestKey(), second.ref().archiveKey())) {
      byte[] bytes = bed.backupObject(key);
      if (key.equals(second.ref().archiveKey())) {
        bytes[headerBytes(second) + 4 * frameBytes() + 9] ^= 0x40;
      }
      byte[] b = bytes;
      aws.s3Replica().putObject(r -> r.bucket(replica).key(key), RequestBody.fromBytes(b));
    }
    BackupOperations both =
        bed.wire(b -> b.chunkBytes(CHUNK).backupBucket(tampered).replicaBucket(replica));
    assertEquals(
        VerifyReport.VERIFIED, both.verify(second.snapshotId(), BackupRegion.PRIMARY).outcome());
    VerifyReport v = both.verify(second.snapshotId(), BackupRegion.REPLICA);
    assertEquals(VerifyReport.FAILED, v.outcome());
    assertEquals("chunk-authentication", v.failure());
    assertEquals(4L, v.failedChunk());
    RestoreReport r =
        both.restore(
            new RestoreRequest(second.snapshotId(), "replica", null, null, replica + "/", false));
    assertEquals(RestoreReport.FAILED, r.outcome());
    assertEquals(4L, r.failedChunk());
    assertEquals(0, BackupTestBed.versionCount(aws.s3(), bed.restore, replica + "/"));
  }
}
