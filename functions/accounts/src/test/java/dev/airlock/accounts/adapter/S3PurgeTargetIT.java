package dev.airlock.accounts.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.accounts.domain.VersionRef;
import dev.airlock.core.state.StateStoreException;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(LocalAwsExtension.class)
class S3PurgeTargetIT {
  private S3Client s3;
  private String bucket;
  private S3PurgeTarget target;
  private String prefix;

  @BeforeEach
  void setUp(LocalAws aws) {
    s3 = aws.s3();
    bucket = aws.bucket("StateBucket");
    target = new S3PurgeTarget(s3, "primary", aws.region(), bucket);
    prefix = "tenants/purge-" + UUID.randomUUID().toString().substring(0, 8) + "/";
  }

  private void put(String key, String body) {
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
  }

  @Test
  void
      listVersions_shouldReturnEveryVersionAndDeleteMarkerInKeyOrder_whenObjectsWereOverwrittenAndDeleted() {
    put(prefix + "b.json", "1");
    put(prefix + "a.json", "1");
    put(prefix + "a.json", "2");
    s3.deleteObject(r -> r.bucket(bucket).key(prefix + "a.json"));

    List<VersionRef> versions = target.listVersions(prefix, 1000);

    assertEquals(4, versions.size(), "two versions and a delete marker of a, one version of b");
    assertEquals(
        List.of(prefix + "a.json", prefix + "a.json", prefix + "a.json", prefix + "b.json"),
        versions.stream().map(VersionRef::key).toList());
  }

  @Test
  void listVersions_shouldReturnAtMostMax_whenMoreExist() {
    for (int i = 0; i < 5; i++) {
      put(prefix + "k" + i, "x");
    }
    assertEquals(2, target.listVersions(prefix, 2).size());
  }

  @Test
  void deleteVersions_shouldRemoveEveryTraceAndToleratRepeats_whenDeletedTwice() {
    put(prefix + "a.json", "1");
    put(prefix + "a.json", "2");
    s3.deleteObject(r -> r.bucket(bucket).key(prefix + "a.json"));
    List<VersionRef> versions = target.listVersions(prefix, 1000);

    target.deleteVersions(versions);
    target.deleteVersions(versions);

    assertTrue(target.listVersions(prefix, 1000).isEmpty());
    assertEquals(
        0,
        s3.listObjectVersions(r -> r.bucket(bucket).prefix(prefix)).versions().size()
            + s3.listObjectVersions(r -> r.bucket(bucket).prefix(prefix)).deleteMarkers().size());
  }

  @Test
  void deleteVersions_shouldFail_whenTheBucketDoesNotExist(LocalAws aws) {
    S3PurgeTarget missing = new S3PurgeTarget(s3, "primary", aws.region(), "no-such-bucket-x");
    assertThrows(
        StateStoreException.class,
        () -> missing.deleteVersions(List.of(new VersionRef(prefix + "a", "v1"))));
    assertThrows(StateStoreException.class, () -> missing.listVersions(prefix, 10));
  }
}
