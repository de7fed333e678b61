package dev.airlock.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.BackupReport;
import dev.airlock.backup.domain.Compression;
import dev.airlock.backup.domain.Manifest;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import dev.airlock.backup.domain.VerifyReport;
import dev.airlock.emulators.replication.ReplicationStandIn;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A state of a few thousand objects (binary, empty, unicode keys, tenant envelopes' metadata)
 * snapshotted, replicated, verified and restored from both regions: byte-identical.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoundTripIT {
  /** A few thousand by default; {@code -Dairlock.backup.roundTripObjects=N} to change. */
  static final int OBJECTS = Integer.getInteger("airlock.backup.roundTripObjects", 2000);

  private BackupTestBed bed;
  private final Map<String, byte[]> expected = new TreeMap<>();
  private final Map<String, Map<String, String>> metadata = new TreeMap<>();
  private BackupReport backup;

  @BeforeAll
  void snapshotAndReplicate(LocalAws aws) throws Exception {
    bed = new BackupTestBed(aws, b -> b.chunkBytes(64 * 1024));
    SplittableRandom random = new SplittableRandom(42);
    String[] unicode = {"ünïcödé", "雪だるま", "☃ snow", "emoji-🎉", "space and+plus", "é/ö/ü"};
    for (int i = 0; i < OBJECTS; i++) {
      String key;
      byte[] body;
      if (i % 20 == 0) {
        key = "markers/empty/" + i;
        body = new byte[0];
      } else if (i % 7 == 0) {
        key = "lookup/" + unicode[i % unicode.length] + "/" + i + ".json";
        body =
            ("{\"account\":\"acct-" + i + "\",\"name\":\"" + unicode[i % unicode.length] + "\"}")
                .getBytes(StandardCharsets.UTF_8);
      } else {
        key = "tenants/acct-" + (i % 13) + "/results/" + i + ".sarif";
        body = new byte[i % 250 == 1 ? 300_000 + random.nextInt(200_000) : random.nextInt(4096)];
        random.nextBytes(body);
        metadata.put(key, Map.of("airlock-enc", "envelope-v1"));
      }
      expected.put(key, body);
    }
    bed.putAll(expected, metadata);

    try (ReplicationStandIn standIn = ReplicationStandIn.start(bed.replication())) {
      backup = bed.ops.backup();
      assertTrue(standIn.awaitCaughtUp(Duration.ofSeconds(60)), "replicas caught up");
    }
  }

  @Test
  void backup_shouldRecordEveryObject_inTheManifest() {
    Manifest m = backup.manifest();
    assertEquals(OBJECTS, m.objectCount());
    assertEquals(expected.values().stream().mapToLong(b -> b.length).sum(), m.contentBytes());
    assertEquals(Manifest.contextFor(m.snapshotId()), m.encryptionContext());
    assertEquals(aws().keyArn("BackupKey"), m.kmsKeyId());
    assertNull(m.previousSnapshotId(), "the first snapshot of a bucket has no predecessor");
    assertEquals("monthly", m.series(), "the first snapshot of a month is the monthly one");
    assertTrue(m.chunkCount() > 10, "a multi-chunk archive");
  }

  @Test
  void restore_shouldBeByteIdentical_fromThePrimary() throws Exception {
    assertRestores(BackupRegion.PRIMARY, BackupRegion.PRIMARY, "from-primary/");
  }

  @Test
  void restore_shouldBeByteIdentical_fromTheReplica_intoTheReplicaRegion() throws Exception {
    assertRestores(BackupRegion.REPLICA, BackupRegion.REPLICA, "from-replica/");
  }

  @Test
  void verify_shouldPass_inBothRegions() {
    for (BackupRegion region : BackupRegion.values()) {
      VerifyReport v = bed.ops.verify(backup.manifest().snapshotId(), region);
      assertEquals(VerifyReport.VERIFIED, v.outcome(), region + ": " + v.message());
      assertEquals(backup.manifest().snapshotId(), v.snapshotId());
      assertEquals(OBJECTS, v.objectCount());
      assertEquals(backup.manifest().chunkCount(), v.chunks());
      assertEquals(metadata.size(), v.tenants().tenantObjects());
    }
  }

  @Test
  void restore_shouldRoundTrip_whenCompressed(LocalAws aws) throws Exception {
    BackupTestBed small =
        new BackupTestBed(aws, b -> b.chunkBytes(4096).compression(Compression.DEFLATE));
    Map<String, byte[]> objects = new TreeMap<>();
    for (int i = 0; i < 150; i++) {
      objects.put(
          "lookup/compressible/" + i + ".json",
          ("{\"account\":\"acct-" + i + "\",\"repeated\":\"" + "ab".repeat(i * 10) + "\"}")
              .getBytes(StandardCharsets.UTF_8));
    }
    small.putAll(objects, Map.of());
    BackupReport first = small.ops.backup();
    BackupReport second = small.ops.backup();
    assertEquals("deflate", second.manifest().compression());
    assertTrue(
        second.manifest().ciphertextBytes() < second.manifest().plaintextBytes() / 2,
        "compressed before sealing");
    assertEquals(first.manifest().snapshotId(), second.manifest().previousSnapshotId());
    assertEquals("monthly", first.manifest().series());
    assertEquals("snapshots", second.manifest().series(), "one monthly snapshot per month");
    RestoreReport r =
        small.ops.restore(
            new RestoreRequest(
                second.manifest().snapshotId(), "primary", null, null, "deflated/", false));
    assertEquals(RestoreReport.RESTORED, r.outcome(), r.message());
    Map<String, byte[]> restored = BackupTestBed.readAll(aws.s3(), small.restore, "deflated/");
    assertEquals(objects.keySet(), new TreeMap<>(restored).keySet());
    objects.forEach((k, v) -> assertArrayEquals(v, restored.get(k), k));
  }

  private void assertRestores(BackupRegion from, BackupRegion into, String prefix)
      throws Exception {
    S3Client s3 = into == BackupRegion.PRIMARY ? bed.aws.s3() : bed.aws.s3Replica();
    String bucket = into == BackupRegion.PRIMARY ? bed.restore : bed.standby;
    RestoreReport r =
        bed.ops.restore(
            new RestoreRequest(
                backup.manifest().snapshotId(),
                from.wireName(),
                bucket,
                into.wireName(),
                prefix,
                false));
    assertEquals(RestoreReport.RESTORED, r.outcome(), r.message());
    assertEquals(OBJECTS, r.objectsRestored());
    // Every object by its MD5 (S3Mock's ETag of an unencrypted single-part object), and a sample
    // including every large and every empty object byte by byte: thousands of GETs cost minutes.
    Map<String, String> etags = BackupTestBed.etags(s3, bucket, prefix);
    assertEquals(expected.keySet(), new TreeMap<>(etags).keySet(), "same keys");
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertEquals(BackupTestBed.md5(e.getValue()), etags.get(e.getKey()), "MD5 of " + e.getKey());
    }
    int i = 0;
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      if (i++ % 20 == 0 || e.getValue().length == 0 || e.getValue().length > 100_000) {
        byte[] restored =
            s3.getObjectAsBytes(g -> g.bucket(bucket).key(prefix + e.getKey())).asByteArray();
        assertArrayEquals(e.getValue(), restored, "bytes of " + e.getKey());
      }
    }
    for (String key : metadata.keySet().stream().limit(20).toList()) {
      GetObjectResponse head = BackupTestBed.head(s3, bucket, prefix + key);
      assertEquals("envelope-v1", head.metadata().get("airlock-enc"), "metadata restored");
      assertEquals("application/octet-stream", head.contentType());
    }
  }

  private LocalAws aws() {
    return bed.aws;
  }
}
