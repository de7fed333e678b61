package dev.airlock.backup;

import dev.airlock.backup.adapter.EmfMetricsPublisher;
import dev.airlock.backup.config.BackupAssembly;
import dev.airlock.backup.config.BackupSettings;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.Manifest;
import dev.airlock.backup.domain.SnapshotRef;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.crypto.Digests;
import dev.airlock.core.json.Json;
import dev.airlock.emulators.replication.ReplicationStandIn;
import dev.airlock.testkit.LocalAws;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A fresh set of buckets on the shared local stack for one test (state, backup and scratch in the
 * primary S3Mock; replica and standby in the replica one), plus operations wired exactly as the
 * Lambda wires them, with audit records and EMF metric lines captured.
 */
final class BackupTestBed {
  final LocalAws aws;
  final String state;
  final String backup;
  final String replica;
  final String restore;
  final String standby;
  final StringWriter auditSink = new StringWriter();
  final List<String> metricLines = new CopyOnWriteArrayList<>();
  BackupSettings settings;
  BackupOperations ops;

  BackupTestBed(LocalAws aws) {
    this(aws, b -> b);
  }

  BackupTestBed(LocalAws aws, UnaryOperator<BackupSettings.Builder> tune) {
    this.aws = aws;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    state = "state-" + suffix;
    backup = "backup-" + suffix;
    replica = "replica-" + suffix;
    restore = "restore-" + suffix;
    standby = "standby-" + suffix;
    createVersioned(aws.s3(), state);
    createVersioned(aws.s3(), backup);
    createVersioned(aws.s3(), restore);
    createVersioned(aws.s3Replica(), replica);
    createVersioned(aws.s3Replica(), standby);
    ops = wire(tune);
  }

  /** Other operations on the same buckets, with other settings. */
  BackupOperations wire(UnaryOperator<BackupSettings.Builder> tune) {
    BackupSettings settings =
        tune.apply(
                BackupSettings.builder()
                    .stateBucket(state)
                    .backupBucket(backup)
                    .replicaBucket(replica)
                    .backupKeyId(aws.keyArn("BackupKey"))
                    .backupSseKmsKeyId(aws.keyId("BackupKey"))
                    .restoreBucket(restore)
                    .listingDelay(Duration.ZERO)
                    .replicationWindow(Duration.ofSeconds(2))
                    .replicationMaxWait(Duration.ofSeconds(5))
                    .replicationPollInterval(Duration.ofMillis(100))
                    .drillScratchBucket(standby)
                    .drillScratchRegion(BackupRegion.REPLICA))
            .build();
    this.settings = this.settings == null ? settings : this.settings;
    return BackupAssembly.assemble(
        settings,
        new BackupAssembly.Clients(aws.s3(), aws.kms(), aws.s3Replica(), aws.kmsReplica()),
        new JsonLinesAuditLog(auditSink),
        new EmfMetricsPublisher("Airlock/test/Backup", metricLines::add, Clock.systemUTC()),
        Clock.systemUTC(),
        new java.security.SecureRandom());
  }

  /**
   * The operations as {@link #ops}, with {@code primaryS3} as the primary region's S3 client (a
   * test's client with an interceptor that records the calls).
   */
  BackupOperations wireWith(S3Client primaryS3) {
    return BackupAssembly.assemble(
        settings,
        new BackupAssembly.Clients(primaryS3, aws.kms(), aws.s3Replica(), aws.kmsReplica()),
        new JsonLinesAuditLog(auditSink),
        new EmfMetricsPublisher("Airlock/test/Backup", metricLines::add, Clock.systemUTC()),
        Clock.systemUTC(),
        new java.security.SecureRandom());
  }

  /**
   * The Micronaut properties the template's environment for the backup functions becomes
   * (AIRLOCK_STATE_BUCKET, ...), on this bed's buckets, with replication waits short enough for a
   * test: what a handler built from the template's configuration reads.
   */
  Map<String, Object> templateProperties() {
    Map<String, Object> props = new HashMap<>(aws.micronautProperties());
    props.remove("airlock.buckets.state");
    props.remove("airlock.buckets.backup");
    props.remove("airlock.buckets.backup-replica");
    props.remove("airlock.keys.backup");
    props.remove("aws.replica-region");
    props.put("airlock.state-bucket", state);
    props.put("airlock.backup-bucket", backup);
    props.put("airlock.replica-bucket-arn", "arn:aws:s3:::" + replica);
    props.put("airlock.backup-key-id", aws.keyArn("BackupKey"));
    props.put("airlock.replica-region", aws.replicaRegion());
    props.put("airlock.backup.listing-delay", "0s");
    props.put("airlock.backup.replication.window", "2s");
    props.put("airlock.backup.replication.max-wait", "5s");
    props.put("airlock.backup.replication.poll-interval", "100ms");
    props.put("airlock.backup.restore.bucket", restore);
    props.put("airlock.backup.drill.scratch-bucket", standby);
    props.put("airlock.backup.drill.scratch-region", "replica");
    return props;
  }

  static void createVersioned(S3Client s3, String bucket) {
    s3.createBucket(r -> r.bucket(bucket));
    s3.putBucketVersioning(
        r ->
            r.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
  }

  /** The replication stand-in between this bed's backup and replica buckets (not started). */
  ReplicationStandIn.Config replication() {
    return ReplicationStandIn.Config.of(aws.s3(), backup, aws.s3Replica(), replica)
        .withReplicaSseKmsKeyId(aws.keyId("BackupKey"))
        .withPollInterval(Duration.ofMillis(100));
  }

  void put(String key, byte[] body, Map<String, String> metadata) {
    aws.s3()
        .putObject(
            r ->
                r.bucket(state)
                    .key(key)
                    .contentType("application/octet-stream")
                    .metadata(metadata == null ? Map.of() : metadata),
            RequestBody.fromBytes(body));
  }

  /** Writes many objects with a few threads (S3Mock answers each put in a few milliseconds). */
  void putAll(Map<String, byte[]> objects, Map<String, Map<String, String>> metadata)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : objects.entrySet()) {
        done.add(pool.submit(() -> put(e.getKey(), e.getValue(), metadata.get(e.getKey()))));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Every current object under {@code prefix} of a bucket: key (without prefix) → bytes. */
  static Map<String, byte[]> readAll(S3Client s3, String bucket, String prefix) throws Exception {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      final String t = token;
      ListObjectsV2Response page =
          s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(t));
      for (S3Object o : page.contents()) {
        keys.add(o.key());
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    Map<String, byte[]> out = new HashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Map<String, Future<byte[]>> reads = new LinkedHashMap<>();
      for (String k : keys) {
        reads.put(
            k, pool.submit(() -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(k)).asByteArray()));
      }
      for (Map.Entry<String, Future<byte[]>> e : reads.entrySet()) {
        out.put(e.getKey().substring(prefix.length()), e.getValue().get());
      }
    } finally {
      pool.shutdown();
    }
    return out;
  }

  /** Every current object under {@code prefix}: key (without prefix) → ETag (quotes removed). */
  static Map<String, String> etags(S3Client s3, String bucket, String prefix) {
    Map<String, String> out = new HashMap<>();
    String token = null;
    do {
      final String t = token;
      ListObjectsV2Response page =
          s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(t));
      for (S3Object o : page.contents()) {
        out.put(o.key().substring(prefix.length()), o.eTag().replace("\"", ""));
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return out;
  }

  static String md5(byte[] b) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("MD5").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static GetObjectResponse head(S3Client s3, String bucket, String key) {
    ResponseBytes<GetObjectResponse> b = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
    return b.response();
  }

  /** How many versions and delete markers exist under {@code prefix}. */
  static int versionCount(S3Client s3, String bucket, String prefix) {
    ListObjectVersionsResponse r = s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix));
    return r.versions().size() + r.deleteMarkers().size();
  }

  static boolean exists(S3Client s3, String bucket, String key) {
    try {
      s3.headObject(r -> r.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  byte[] backupObject(String key) {
    return aws.s3().getObjectAsBytes(r -> r.bucket(backup).key(key)).asByteArray();
  }

  void overwriteBackupObject(String key, byte[] bytes) {
    aws.s3().putObject(r -> r.bucket(backup).key(key), RequestBody.fromBytes(bytes));
  }

  Manifest manifest(SnapshotRef ref) {
    return Json.read(backupObject(ref.manifestKey()), Manifest.class);
  }

  /** Audit records written so far, one JSON object per line. */
  List<String> auditLines() {
    return auditSink.toString().lines().toList();
  }

  /** The last published value of {@code metric} in the captured EMF lines, or null. */
  Double lastMetric(String metric) {
    Double value = null;
    for (String line : metricLines) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = Json.read(line, Map.class);
      Object v = m.get(metric);
      if (v instanceof Number n) {
        value = n.doubleValue();
      }
    }
    return value;
  }

  static String sha256(byte[] b) {
    return Digests.sha256Hex(b);
  }
}
