package dev.airlock.emulators.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.emulators.s3.S3MockProcess;
import dev.airlock.emulators.stack.LocalClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The replication stand-in between two real S3Mock processes. */
class ReplicationStandInIT {
  @TempDir static Path dir;
  private static S3MockProcess primary;
  private static S3MockProcess replica;
  private static S3Client s3;
  private static S3Client s3Replica;
  private String source;
  private String destination;

  @BeforeAll
  static void startS3() throws Exception {
    Path jar = S3MockProcess.locateJar();
    Files.createDirectories(dir.resolve("logs"));
    CompletableFuture<S3MockProcess> r =
        CompletableFuture.supplyAsync(
            () ->
                S3MockProcess.start(
                    jar,
                    dir.resolve("replica"),
                    "us-west-2",
                    List.of(),
                    dir.resolve("logs/replica.log")));
    primary =
        S3MockProcess.start(
            jar, dir.resolve("primary"), "us-east-1", List.of(), dir.resolve("logs/primary.log"));
    replica = r.join();
    s3 = LocalClients.s3(primary.endpoint(), "us-east-1");
    s3Replica = LocalClients.s3(replica.endpoint(), "us-west-2");
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
      s3Replica.close();
    }
    if (replica != null) {
      replica.close();
    }
    if (primary != null) {
      primary.close();
    }
  }

  @BeforeEach
  void buckets() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    source = "src-" + suffix;
    destination = "dst-" + suffix;
    create(s3, source);
    create(s3Replica, destination);
  }

  private static void create(S3Client client, String bucket) {
    client.createBucket(r -> r.bucket(bucket));
    client.putBucketVersioning(
        r ->
            r.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
  }

  private void put(String key, byte[] body) {
    s3.putObject(
        r -> r.bucket(source).key(key).metadata(Map.of("airlock-kind", "test")),
        RequestBody.fromBytes(body));
  }

  private byte[] replicaBytes(String key) {
    return s3Replica.getObjectAsBytes(r -> r.bucket(destination).key(key)).asByteArray();
  }

  @Test
  void replicateOnce_shouldCopyEveryVersionWithMetadata_whenHealthy() {
    byte[] big = new byte[(int) ReplicationStandIn.PART_BYTES + 1234];
    new Random(7).nextBytes(big);
    put("snapshots/a/archive", big);
    put("snapshots/a/manifest.json", "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
    put("snapshots/a/manifest.json", "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
    put("empty", new byte[0]);
    s3.deleteObject(r -> r.bucket(source).key("empty"));

    try (ReplicationStandIn standIn =
        ReplicationStandIn.manual(
            ReplicationStandIn.Config.of(s3, source, s3Replica, destination))) {
      assertEquals(4, standIn.replicateOnce());
      assertEquals(0, standIn.replicateOnce(), "versions are replicated once");
      assertEquals(new ReplicationStandIn.Stats(4, 0, 0, 0), standIn.stats());
    }
    assertArrayEquals(big, replicaBytes("snapshots/a/archive"));
    assertEquals(
        "{\"v\":2}",
        new String(replicaBytes("snapshots/a/manifest.json"), StandardCharsets.UTF_8),
        "oldest first, so the replica's current version is the source's");
    assertEquals(
        "test",
        s3Replica
            .headObject(r -> r.bucket(destination).key("snapshots/a/archive"))
            .metadata()
            .get("airlock-kind"));
    assertArrayEquals(new byte[0], replicaBytes("empty"), "delete markers are not replicated");
  }

  @Test
  void fault_shouldSkipOrCorrupt_whenToldTo() {
    byte[] body = "0123456789".getBytes(StandardCharsets.UTF_8);
    try (ReplicationStandIn standIn =
        ReplicationStandIn.manual(
            ReplicationStandIn.Config.of(s3, source, s3Replica, destination))) {
      standIn.fault(ReplicationStandIn.Fault.SKIP);
      put("skipped", body);
      standIn.replicateOnce();
      standIn.fault(ReplicationStandIn.Fault.CORRUPT);
      put("corrupted", body);
      standIn.replicateOnce();
      assertEquals(new ReplicationStandIn.Stats(0, 1, 1, 0), standIn.stats());
    }
    assertFalse(exists("skipped"));
    byte[] corrupted = replicaBytes("corrupted");
    assertEquals(body.length, corrupted.length);
    assertNotEquals(new String(body, StandardCharsets.UTF_8), new String(corrupted));
  }

  @Test
  void lag_shouldHoldVersionsBack_untilOldEnough() throws Exception {
    try (ReplicationStandIn standIn =
        ReplicationStandIn.start(
                ReplicationStandIn.Config.of(s3, source, s3Replica, destination)
                    .withPollInterval(Duration.ofMillis(50)))
            .lag(Duration.ofMillis(1500))) {
      put("late", "x".getBytes(StandardCharsets.UTF_8));
      Thread.sleep(700);
      assertFalse(exists("late"), "not yet: the lag holds it back");
      assertTrue(standIn.awaitCaughtUp(Duration.ofSeconds(10)));
    }
    assertTrue(exists("late"));
  }

  private boolean exists(String key) {
    try {
      s3Replica.headObject(r -> r.bucket(destination).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}
