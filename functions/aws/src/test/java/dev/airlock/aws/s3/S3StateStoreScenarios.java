package dev.airlock.aws.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.core.state.StateStoreException;
import dev.airlock.core.state.StoredObject;
import dev.airlock.core.state.WriteResult;
import dev.airlock.testkit.AwsEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link S3StateStore} scenarios on a fresh versioned bucket, run against every {@link
 * AwsEnvironment}: S3Mock from the embedded stack ({@link S3StateStoreIT}) and LocalStack ({@link
 * S3StateStoreDockerIT}). A subclass only registers the extension that resolves the environment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3StateStoreScenarios {

  private S3Client s3;
  private String bucket;
  private String sseKeyId;
  private S3StateStore store;

  @BeforeAll
  void createVersionedBucket(AwsEnvironment aws) {
    s3 = aws.s3();
    sseKeyId = aws.keyId("StateKey");
    bucket = "state-" + UUID.randomUUID();
    s3.createBucket(b -> b.bucket(bucket));
    s3.putBucketVersioning(
        b ->
            b.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    store = new S3StateStore(s3, bucket, null);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String key() {
    return "tenants/acme/" + UUID.randomUUID() + ".json";
  }

  @Test
  void createIfAbsent_shouldWriteOnce_andConflictWhenKeyExists() {
    String key = key();

    WriteResult first = store.createIfAbsent(key, bytes("{\"v\":1}"), Map.of("kind", "test"));
    WriteResult second = store.createIfAbsent(key, bytes("{\"v\":2}"), Map.of());

    assertInstanceOf(WriteResult.Written.class, first);
    assertEquals(new WriteResult.Conflict(key), second);
    StoredObject stored = store.get(key).orElseThrow();
    assertArrayEquals(bytes("{\"v\":1}"), stored.value());
    assertEquals(((WriteResult.Written) first).etag(), stored.etag());
    assertEquals(Map.of("kind", "test"), stored.metadata());
  }

  @Test
  void replaceIfMatch_shouldWrite_whenEtagIsCurrent_andConflict_whenStale() {
    String key = key();
    String etag1 = ((WriteResult.Written) store.createIfAbsent(key, bytes("one"), Map.of())).etag();

    WriteResult replaced = store.replaceIfMatch(key, bytes("two"), etag1, Map.of("m", "2"));
    WriteResult stale = store.replaceIfMatch(key, bytes("three"), etag1, Map.of());

    assertTrue(replaced.written());
    assertNotEquals(etag1, ((WriteResult.Written) replaced).etag());
    assertEquals(new WriteResult.Conflict(key), stale);
    StoredObject now = store.get(key).orElseThrow();
    assertArrayEquals(bytes("two"), now.value());
    assertEquals(Map.of("m", "2"), now.metadata());
  }

  @Test
  void replaceIfMatch_shouldConflict_whenObjectIsAbsent() {
    String key = key();

    assertEquals(
        new WriteResult.Conflict(key),
        store.replaceIfMatch(key, bytes("x"), "\"0123abcd\"", Map.of()));
    assertTrue(store.get(key).isEmpty());
  }

  @Test
  void get_shouldBeEmpty_whenKeyIsAbsent() {
    assertTrue(store.get(key()).isEmpty());
  }

  @Test
  void createIfAbsent_shouldLetAWriterWinAndReportEveryOtherAsConflict_whenWritersRace()
      throws Exception {
    // Real S3 makes If-None-Match atomic, so exactly one racer wins there. S3Mock checks and writes
    // without a lock, so under a true race more than one may "win"; what must hold everywhere is
    // that every writer gets Written or Conflict (never an exception or a blind overwrite of a
    // value nobody wrote) and that the stored value is one a winner wrote.
    String key = key();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<WriteResult>> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      byte[] value = bytes("writer-" + i);
      Callable<WriteResult> write = () -> store.createIfAbsent(key, value, Map.of());
      results.add(pool.submit(write));
    }
    List<String> winners = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      WriteResult r = results.get(i).get();
      if (r.written()) {
        winners.add("writer-" + i);
      } else {
        assertEquals(new WriteResult.Conflict(key), r);
      }
    }
    pool.shutdown();

    org.junit.jupiter.api.Assertions.assertFalse(winners.isEmpty(), "someone wins");
    String stored =
        new String(store.get(key).orElseThrow().value(), java.nio.charset.StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assertions.assertTrue(
        winners.contains(stored), stored + " from " + winners);
    // After the race, the create-once guarantee holds for every later writer.
    assertEquals(new WriteResult.Conflict(key), store.createIfAbsent(key, bytes("late"), Map.of()));
  }

  @Test
  void list_shouldReturnEveryKeyInOrder_acrossPages() {
    String prefix = "lookup/" + UUID.randomUUID() + "/";
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String key = prefix + "k" + i;
      store.createIfAbsent(key, bytes("v"), Map.of());
      expected.add(key);
    }
    store.createIfAbsent(
        prefix.substring(0, prefix.length() - 1) + "-sibling", bytes("v"), Map.of());
    S3StateStore smallPages = new S3StateStore(s3, bucket, null, 2);

    assertEquals(expected, smallPages.list(prefix));
  }

  @Test
  void deleteAllVersions_shouldRemoveVersionsAndDeleteMarkers_ofThatKeyOnly() {
    String key = key();
    String neighbour = key + ".bak";
    String etag = ((WriteResult.Written) store.createIfAbsent(key, bytes("1"), Map.of())).etag();
    etag = ((WriteResult.Written) store.replaceIfMatch(key, bytes("2"), etag, Map.of())).etag();
    store.replaceIfMatch(key, bytes("3"), etag, Map.of());
    s3.deleteObject(b -> b.bucket(bucket).key(key)); // leaves a delete marker
    store.createIfAbsent(neighbour, bytes("keep"), Map.of());

    int removed = new S3StateStore(s3, bucket, null, 2).deleteAllVersions(key);

    assertEquals(4, removed, "three versions and one delete marker");
    var left = s3.listObjectVersions(b -> b.bucket(bucket).prefix(key));
    assertTrue(left.versions().stream().noneMatch(v -> v.key().equals(key)));
    assertTrue(left.deleteMarkers().stream().noneMatch(m -> m.key().equals(key)));
    assertArrayEquals(bytes("keep"), store.get(neighbour).orElseThrow().value());
    assertEquals(0, store.deleteAllVersions(key));
  }

  @Test
  void createIfAbsent_shouldRequestSseKms_withConfiguredKeyId() {
    S3StateStore encrypted = new S3StateStore(s3, bucket, sseKeyId);
    String key = key();

    assertTrue(encrypted.createIfAbsent(key, bytes("secret-ish"), Map.of()).written());

    HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
    assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption());
    assertTrue(head.ssekmsKeyId().contains(sseKeyId), head.ssekmsKeyId());
  }

  @Test
  void operations_shouldThrowStateStoreException_whenBucketDoesNotExist() {
    S3StateStore missing = new S3StateStore(s3, "no-such-bucket-" + UUID.randomUUID(), null);

    StateStoreException e =
        assertThrows(
            StateStoreException.class, () -> missing.createIfAbsent("k", bytes("v"), Map.of()));
    assertTrue(e.getMessage().contains("NoSuchBucket"), e.getMessage());
    assertThrows(StateStoreException.class, () -> missing.list(""));
  }
}
