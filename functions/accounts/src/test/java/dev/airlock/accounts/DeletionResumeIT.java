package dev.airlock.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.accounts.DeletionTestStack.Counts;
import dev.airlock.accounts.DeletionTestStack.Seeded;
import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.accounts.domain.DeletionCertificate;
import dev.airlock.accounts.domain.DeletionCheckpoint;
import dev.airlock.accounts.domain.DeletionHook;
import dev.airlock.accounts.domain.DeletionProgress;
import dev.airlock.accounts.domain.DeletionSettings;
import dev.airlock.accounts.domain.DeletionStep;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
}
