package dev.airlock.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.accounts.DeletionTestStack.Counts;
import dev.airlock.accounts.DeletionTestStack.Seeded;
import dev.airlock.accounts.config.AccountDeletions;
import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.accounts.domain.DeletionCertificate;
import dev.airlock.accounts.domain.DeletionCheckpoint;
import dev.airlock.accounts.domain.DeletionHook;
import dev.airlock.accounts.domain.DeletionProgress;
import dev.airlock.accounts.domain.DeletionSettings;
import dev.airlock.accounts.domain.DeletionStep;
import dev.airlock.aws.config.AwsClients;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A deletion killed at any point — after each step and inside them — is completed by the next run,
 * with the same counts an uninterrupted run certifies.
 */
@ExtendWith(LocalAwsExtension.class)
class DeletionResumeIT {
  /** Small batches, so the purge takes several and a crash can fall between two of them. */
  private static final DeletionSettings SMALL_BATCHES = new DeletionSettings(7, 3);

  private DeletionTestStack stack;
  private LocalAws aws;

  @BeforeEach
  void setUp(LocalAws aws) {
    this.aws = aws;
    stack = new DeletionTestStack(aws);
  }

  /** Simulates a crash the {@code nth} time the deletion passes {@code at}. */
  private static DeletionHook crashAt(DeletionCheckpoint at, int nth) {
    AtomicInteger seen = new AtomicInteger();
    return checkpoint -> {
      if (checkpoint == at && seen.incrementAndGet() == nth) {
        throw new SimulatedCrash(at);
      }
    };
  }

  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(DeletionCheckpoint at) {
      super("simulated crash at " + at);
    }
  }

  @ParameterizedTest
  @EnumSource(DeletionCheckpoint.class)
  void delete_shouldCompleteWithExactCounts_whenRerunAfterACrash(DeletionCheckpoint at) {
    Seeded seeded = stack.seed(DeletionTestStack.newAccount("resume"), "tenant-secret");
    String account = seeded.account();
    String prefix = StateKeys.tenantPrefix(account);
    Counts primary = stack.counts(stack.s3, stack.stateBucket, prefix);
    Counts standby = stack.counts(stack.s3Replica, stack.standbyBucket, prefix);
    List<DeletionTestStack.Copy> backup = stack.snapshot(prefix);
    // Batches of 3: the billing document's two versions in each region (step 1), then the primary
    // region's eight other versions in three batches. The fourth batch is the second of those, so
    // the crash falls inside step 2 with one of its batches already counted.
    int nth = at == DeletionCheckpoint.BATCH_DELETED ? 4 : 1;

    AccountDeletion crashing = stack.deletion(SMALL_BATCHES, crashAt(at, nth));
    assertThrows(SimulatedCrash.class, () -> crashing.delete(account));
    assertEquals(
        "error:SimulatedCrash",
        stack.auditRecords.get(stack.auditRecords.size() - 1).reason(),
        "the crash is audited as a failed deletion");
    DeletionProgress left =
        DeletionProgress.fromJson(
            stack.state.get(StateKeys.deletionProgress(account)).orElseThrow().value());
    assertTrue(
        left.currentStep() != DeletionStep.DONE, "the crash left the deletion unfinished: " + at);

    DeletionCertificate cert = stack.deletion(SMALL_BATCHES, DeletionHook.NONE).delete(account);

    assertEquals(primary.objects(), cert.region("primary").orElseThrow().objects(), "primary");
    assertEquals(primary.versions(), cert.region("primary").orElseThrow().versions(), "primary");
    assertEquals(standby.objects(), cert.region("standby").orElseThrow().objects(), "standby");
    assertEquals(standby.versions(), cert.region("standby").orElseThrow().versions(), "standby");
    assertEquals(3, cert.lookupRecordsDeleted());
    assertEquals(2, cert.keys().size());
    assertEquals(new Counts(0, 0), stack.counts(stack.s3, stack.stateBucket, prefix));
    assertEquals(new Counts(0, 0), stack.counts(stack.s3Replica, stack.standbyBucket, prefix));
    for (String lookup : seeded.lookups()) {
      assertTrue(stack.state.get(lookup).isEmpty(), lookup);
    }
    assertEquals(
        DeletionStep.DONE,
        DeletionProgress.fromJson(
                stack.state.get(StateKeys.deletionProgress(account)).orElseThrow().value())
            .currentStep());
    assertEquals(cert, stack.deletion().delete(account), "a third run changes nothing");
    EnvelopeCipher replica = new EnvelopeCipher(new KmsDataKeyProvider(aws.kmsReplica()));
    for (DeletionTestStack.Copy c : backup) {
      assertThrows(
          KeyUnavailableException.class,
          () -> replica.decrypt(c.bytes(), EnvelopeCipher.contextOf(c.bytes())));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = DeletionCheckpoint.class,
      names = {"KEY_DISABLED", "KEY_SHREDDED", "SWEPT", "CERTIFICATE_STORED"})
  void delete_shouldLeaveTheAccountUnreadable_whenItCrashesAfterTheKeysWereDisabled(
      DeletionCheckpoint at) {
    Seeded seeded = stack.seed(DeletionTestStack.newAccount("halfway"), "tenant-secret");
    List<DeletionTestStack.Copy> backup = stack.snapshot(StateKeys.tenantPrefix(seeded.account()));

    assertThrows(
        SimulatedCrash.class,
        () -> stack.deletion(SMALL_BATCHES, crashAt(at, 1)).delete(seeded.account()));

    for (KmsDataKeyProvider p :
        List.of(new KmsDataKeyProvider(aws.kms()), new KmsDataKeyProvider(aws.kmsReplica()))) {
      EnvelopeCipher cipher = new EnvelopeCipher(p);
      for (DeletionTestStack.Copy c : backup) {
        KeyUnavailableException e =
            assertThrows(
                KeyUnavailableException.class,
                () -> cipher.decrypt(c.bytes(), EnvelopeCipher.contextOf(c.bytes())));
        assertTrue(
            e.reason().equals("DisabledException") || e.reason().equals("KMSInvalidStateException"),
            e.reason());
      }
    }
  }

  /**
   * The progress record is written once per batch of versions (before it is deleted) and at five
   * fixed points (created, lookups found, keys disabled, swept, done): a batch's count, a finished
   * step and the key's look-up ride on the next write. Each write is an S3 round trip on the cold
   * path, and the test above proves that what is not written is redone or recounted exactly.
   */
  @Test
  void delete_shouldWriteItsProgressOncePerBatchAndAtFiveFixedPoints_whenItRunsThrough() {
    Seeded seeded = stack.seed(DeletionTestStack.newAccount("writes"), "tenant-secret");
    String account = seeded.account();
    String progress = StateKeys.deletionProgress(account);
    String prefix = StateKeys.tenantPrefix(account);
    List<String> calls = new CopyOnWriteArrayList<>();
    try (S3Client primary = recordingS3("s3", aws.region(), calls);
        S3Client standby = recordingS3("s3-replica", aws.replicaRegion(), calls)) {
      AccountDeletions.Resources r = stack.resources();
      AccountDeletion deletion =
          AccountDeletions.create(
              new AccountDeletions.Resources(
                  primary,
                  r.stateBucket(),
                  r.stateSseKeyId(),
                  standby,
                  r.standbyBucket(),
                  r.kms(),
                  r.replicaKms()),
              SMALL_BATCHES,
              stack.audit,
              Clock.systemUTC(),
              DeletionHook.NONE);

      DeletionCertificate cert = deletion.delete(account);

      long batches =
          calls.stream().filter(c -> c.startsWith("delete ") && c.contains(" " + prefix)).count();
      long writes = calls.stream().filter(("put " + progress)::equals).count();
      assertTrue(batches >= 5, "billing in two regions, then several batches: " + calls);
      assertEquals(batches + 5, writes, "progress writes: " + calls);
      assertEquals(
          cert.totalVersions(),
          calls.stream()
              .filter(c -> c.startsWith("delete ") && c.contains(" " + prefix))
              .mapToLong(c -> c.split(" ").length - 1)
              .sum(),
          "every version deleted was counted");
    }
  }

  /** An S3 client on the local stack that records each put's key and each delete's keys. */
  private S3Client recordingS3(String service, String region, List<String> calls) {
    ExecutionInterceptor recorder =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attrs) {
            if (context.request() instanceof PutObjectRequest put) {
              calls.add("put " + put.key());
            } else if (context.request() instanceof DeleteObjectsRequest delete) {
              calls.add(
                  "delete "
                      + String.join(
                          " ",
                          delete.delete().objects().stream().map(ObjectIdentifier::key).toList()));
            }
          }
        };
    return S3Client.builder()
        .endpointOverride(aws.endpoint(service))
        .region(Region.of(region))
        .forcePathStyle(true)
        .credentialsProvider(AwsClients.localCredentials())
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
        .build();
  }
}
