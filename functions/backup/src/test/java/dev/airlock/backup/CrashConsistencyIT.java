package dev.airlock.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.backup.adapter.S3SnapshotStore;
import dev.airlock.backup.adapter.S3StateSource;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.BackupReport;
import dev.airlock.backup.domain.Compression;
import dev.airlock.backup.domain.SnapshotCatalog;
import dev.airlock.backup.domain.SnapshotFailedException;
import dev.airlock.backup.domain.SnapshotRef;
import dev.airlock.backup.domain.SnapshotService;
import dev.airlock.backup.domain.VerifyReport;
import dev.airlock.backup.port.SnapshotStore;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * An upload that dies midway leaves no manifest: the previous snapshot stays the latest complete
 * one, and the next run succeeds. Both an upload stream that fails (the run aborts its multipart
 * upload) and a process killed outright (the bucket's lifecycle rule aborts the upload a day
 * later).
 */
@ExtendWith(LocalAwsExtension.class)
class CrashConsistencyIT {
  static final int MIB = 1024 * 1024;

  private static BackupTestBed bedWithState(LocalAws aws, int mebibytes) throws Exception {
    BackupTestBed bed = new BackupTestBed(aws, b -> b.partBytes(5 * MIB));
    for (int i = 0; i < mebibytes; i++) {
      final long seed = i;
      aws.s3()
          .putObject(
              r -> r.bucket(bed.state).key("tenants/acct-c/results/" + seed),
              RequestBody.fromContentProvider(
                  () -> new RandomStream(seed, MIB), MIB, "application/octet-stream"));
    }
    return bed;
  }

  @Test
  void failedUpload_shouldLeaveNoManifest_abortTheUpload_andKeepThePreviousLatest(LocalAws aws)
      throws Exception {
    BackupTestBed bed = bedWithState(aws, 12);
    BackupReport first = bed.ops.backup();

    S3SnapshotStore real =
        new S3SnapshotStore(
            aws.s3(), bed.backup, BackupRegion.PRIMARY, aws.keyId("BackupKey"), 5 * MIB);
    StringWriter audit = new StringWriter();
    SnapshotService dying =
        new SnapshotService(
            new S3StateSource(aws.s3(), bed.state),
            new FailingUploads(real, 7L * MIB),
            new KmsDataKeyProvider(aws.kms()),
            new SnapshotCatalog(),
            new SnapshotService.Settings(
                aws.keyArn("BackupKey"), MIB, Compression.NONE, Duration.ZERO, true, 4),
            Clock.systemUTC(),
            new SecureRandom(),
            new JsonLinesAuditLog(audit));
    SnapshotFailedException failure = assertThrows(SnapshotFailedException.class, dying::snapshot);
    assertEquals("io", failure.reason());
    assertTrue(audit.toString().contains("\"failed\""), "the failed run is audited");

    assertEquals(List.of(first.manifest().snapshotId()), bed.ops.snapshots(BackupRegion.PRIMARY));
    List<MultipartUpload> open = aws.s3().listMultipartUploads(r -> r.bucket(bed.backup)).uploads();
    assertEquals(List.of(), open, "the run aborted its multipart upload");
    assertLatestIs(bed, first.manifest().snapshotId());

    BackupReport next = bed.ops.backup();
    assertEquals(first.manifest().snapshotId(), next.manifest().previousSnapshotId());
    assertLatestIs(bed, next.manifest().snapshotId());
  }

  @Test
  void killedProcess_shouldLeaveNoManifest_andTheNextRunSucceeds(LocalAws aws) throws Exception {
    BackupTestBed bed = bedWithState(aws, 40);
    BackupReport first = bed.ops.backup();

    Path log = Path.of("target", "killed-" + bed.state + ".log");
    Process child =
        SnapshotChild.start(
            "128m",
            log,
            Map.of(
                "region", aws.region(),
                "s3", aws.endpoint("s3").toString(),
                "kms", aws.endpoint("kms").toString(),
                "state", bed.state,
                "backup", bed.backup,
                "key", aws.keyArn("BackupKey"),
                "sse", aws.keyId("BackupKey"),
                "partBytes", Integer.toString(5 * MIB)));
    try {
      assertTrue(partUploaded(aws, bed.backup, child), "the child started uploading; see " + log);
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertFalse(child.isAlive());

    assertEquals(
        List.of(first.manifest().snapshotId()),
        bed.ops.snapshots(BackupRegion.PRIMARY),
        "the killed run wrote no manifest");
    assertFalse(
        aws.s3().listMultipartUploads(r -> r.bucket(bed.backup)).uploads().isEmpty(),
        "its upload was left incomplete (the lifecycle rule aborts it)");
    assertLatestIs(bed, first.manifest().snapshotId());

    BackupReport next = bed.ops.backup();
    assertEquals(first.manifest().snapshotId(), next.manifest().previousSnapshotId());
    assertEquals(40, next.manifest().objectCount());
    assertLatestIs(bed, next.manifest().snapshotId());
  }

  private static void assertLatestIs(BackupTestBed bed, String snapshotId) {
    VerifyReport v = bed.ops.verify("latest", BackupRegion.PRIMARY);
    assertEquals(VerifyReport.VERIFIED, v.outcome(), v.message());
    assertEquals(snapshotId, v.snapshotId());
  }

  /** Waits until the child has at least one part of an archive upload in the bucket. */
  private static boolean partUploaded(LocalAws aws, String bucket, Process child)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline && child.isAlive()) {
      for (MultipartUpload u : aws.s3().listMultipartUploads(r -> r.bucket(bucket)).uploads()) {
        if (!aws.s3()
            .listParts(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId()))
            .parts()
            .isEmpty()) {
          return true;
        }
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** The real store, whose archive uploads fail after a number of bytes (a crash mid-upload). */
  private static final class FailingUploads implements SnapshotStore {
    private final SnapshotStore real;
    private final long failAfter;

    FailingUploads(SnapshotStore real, long failAfter) {
      this.real = real;
      this.failAfter = failAfter;
    }

    @Override
    public ArchiveUpload beginUpload(String key) {
      ArchiveUpload upload = real.beginUpload(key);
      OutputStream failing =
          new FilterOutputStream(upload.stream()) {
            private long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              if (written + len > failAfter) {
                throw new IOException("connection reset (injected)");
              }
              out.write(b, off, len);
              written += len;
            }
          };
      return new ArchiveUpload() {
        @Override
        public OutputStream stream() {
          return failing;
        }

        @Override
        public UploadedObject complete() {
          return upload.complete();
        }

        @Override
        public void abort() {
          upload.abort();
        }
      };
    }

    @Override
    public BackupRegion region() {
      return real.region();
    }

    @Override
    public String bucket() {
      return real.bucket();
    }

    @Override
    public List<SnapshotRef> listManifests() {
      return real.listManifests();
    }

    @Override
    public Optional<byte[]> readManifest(SnapshotRef ref) {
      return real.readManifest(ref);
    }

    @Override
    public Optional<ObjectFacts> describe(String key) {
      return real.describe(key);
    }

    @Override
    public InputStream open(String key, String versionId) {
      return real.open(key, versionId);
    }

    @Override
    public boolean createIfAbsent(String key, byte[] bytes, String contentType) {
      return real.createIfAbsent(key, bytes, contentType);
    }
  }
}
