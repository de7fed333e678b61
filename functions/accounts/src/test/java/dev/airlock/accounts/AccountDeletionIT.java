package dev.airlock.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.accounts.DeletionTestStack.Copy;
import dev.airlock.accounts.DeletionTestStack.Counts;
import dev.airlock.accounts.DeletionTestStack.Seeded;
import dev.airlock.accounts.config.AccountDeletions;
import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.accounts.domain.AccountDeletionRequest;
import dev.airlock.accounts.domain.AccountNotFoundException;
import dev.airlock.accounts.domain.DeletionCertificate;
import dev.airlock.accounts.domain.DeletionCheckpoint;
import dev.airlock.accounts.domain.DeletionSettings;
import dev.airlock.accounts.domain.KeyDestruction;
import dev.airlock.accounts.domain.RegionPurge;
import dev.airlock.aws.config.AwsClients;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.state.ConcurrentUpdateException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.DeletedAccounts;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * Account deletion on the local stack, in both regions: what is deleted, what is certified, what
 * stays readable (the other account) and what no key can open any more (every copy of the deleted
 * account, wherever it is kept).
 */
@ExtendWith(LocalAwsExtension.class)
class AccountDeletionIT {
  private DeletionTestStack stack;
  private LocalAws aws;

  @BeforeEach
  void setUp(LocalAws aws) {
    this.aws = aws;
    stack = new DeletionTestStack(aws);
  }

  @Test
  void delete_shouldPurgeBothRegionsShredEveryKeyCopyAndCertify_whenTwoAccountsHaveData() {
    Seeded gone = stack.seed(DeletionTestStack.newAccount("gone"), "tenant-secret-gone");
    Seeded kept = stack.seed(DeletionTestStack.newAccount("kept"), "tenant-secret-kept");
    String goneId = gone.account();
    Counts primaryBefore =
        stack.counts(stack.s3, stack.stateBucket, StateKeys.tenantPrefix(goneId));
    Counts standbyBefore =
        stack.counts(stack.s3Replica, stack.standbyBucket, StateKeys.tenantPrefix(goneId));
    assertEquals(8, primaryBefore.objects(), "seeded objects in the primary region");
    assertEquals(10, primaryBefore.versions(), "billing twice, the run record and its marker");
    // What a backup of both regions holds of the two accounts, taken before the deletion.
    List<Copy> goneBackup = stack.snapshot(StateKeys.tenantPrefix(goneId));
    List<Copy> keptBackup = stack.snapshot(StateKeys.tenantPrefix(kept.account()));
    Instant before = Instant.now();

    DeletionCertificate cert =
        stack.deletion().delete(new AccountDeletionRequest(goneId, null, "ticket-4711"));

    // Certificate: counts per region, the key copies, the dates.
    assertEquals(goneId, cert.accountId());
    assertEquals("customer-request", cert.reason());
    assertEquals("ticket-4711", cert.requestedBy());
    assertEquals(3, cert.lookupRecordsDeleted());
    RegionPurge primary = cert.region("primary").orElseThrow();
    RegionPurge standby = cert.region("standby").orElseThrow();
    assertEquals(aws.region(), primary.region());
    assertEquals(stack.stateBucket, primary.bucket());
    assertEquals(primaryBefore.objects(), primary.objects());
    assertEquals(primaryBefore.versions(), primary.versions());
    assertEquals(aws.replicaRegion(), standby.region());
    assertEquals(stack.standbyBucket, standby.bucket());
    assertEquals(standbyBefore.objects(), standby.objects());
    assertEquals(standbyBefore.versions(), standby.versions());
    assertEquals(7, cert.pendingWindowDays());
    assertNotNull(cert.keyId());
    assertEquals(2, cert.keys().size(), "the primary and its replica");
    KeyDestruction primaryKey = cert.keys().get(0);
    KeyDestruction replicaKey = cert.keys().get(1);
    assertEquals(aws.region(), primaryKey.region());
    assertEquals("PendingReplicaDeletion", primaryKey.state());
    assertNull(primaryKey.deletionDate(), "KMS dates a primary once its replicas are gone");
    assertEquals(aws.replicaRegion(), replicaKey.region());
    assertEquals("PendingDeletion", replicaKey.state());
    assertWithin(before.plus(Duration.ofDays(7)), replicaKey.deletionDate());
    assertEquals(replicaKey.deletionDate().plus(Duration.ofDays(7)), cert.keyDeletionDate());
    assertFalse(cert.keysDisabledAt().isBefore(before));
    assertTrue(cert.completedAt().isAfter(cert.keysDisabledAt()));

    // Nothing of the account is left in either region; the other account is untouched.
    assertEquals(
        new Counts(0, 0),
        stack.counts(stack.s3, stack.stateBucket, StateKeys.tenantPrefix(goneId)));
    assertEquals(
        new Counts(0, 0),
        stack.counts(stack.s3Replica, stack.standbyBucket, StateKeys.tenantPrefix(goneId)));
    for (String lookup : gone.lookups()) {
      assertEquals(new Counts(0, 0), stack.counts(stack.s3, stack.stateBucket, lookup), lookup);
      assertEquals(
          new Counts(0, 0), stack.counts(stack.s3Replica, stack.standbyBucket, lookup), lookup);
    }
    for (String lookup : kept.lookups()) {
      assertTrue(stack.state.get(lookup).isPresent(), "the other account's lookups stay");
    }
    assertEquals(
        keptBackup.size(),
        stack.snapshot(StateKeys.tenantPrefix(kept.account())).size(),
        "every version of the other account is still there");

    // The certificate is stored (identifiers and counts only) and audited.
    byte[] stored = stack.state.get(StateKeys.deletionCertificate(goneId)).orElseThrow().value();
    assertEquals(cert, DeletionCertificate.fromJson(stored));
    AuditRecord done = lastAudit("succeeded");
    assertEquals(goneId, done.ids().get("accountId"));
    assertEquals(Long.toString(primary.versions()), done.ids().get("primaryVersions"));
    assertEquals(Long.toString(standby.versions()), done.ids().get("standbyVersions"));
    assertEquals(cert.keyId(), done.ids().get("keyId"));

    // Crypto-shredding: every copy a backup kept of the deleted account is ciphertext no key
    // opens, through the primary region's KMS and through the replica region's.
    assertEquals(
        primaryBefore.versions() - 1 + standbyBefore.versions(),
        goneBackup.size(),
        "the backup holds every version (delete markers have no content)");
    for (KmsDataKeyProvider provider :
        List.of(new KmsDataKeyProvider(aws.kms()), new KmsDataKeyProvider(aws.kmsReplica()))) {
      EnvelopeCipher cipher = new EnvelopeCipher(provider);
      for (Copy c : goneBackup) {
        KeyUnavailableException e =
            assertThrows(
                KeyUnavailableException.class,
                () -> cipher.decrypt(c.bytes(), EnvelopeCipher.contextOf(c.bytes())),
                c.role() + " " + c.key());
        assertEquals("KMSInvalidStateException", e.reason(), "pending deletion: shredded");
      }
      // ...while the other account's copies round-trip byte for byte from both regions.
      for (Copy c : keptBackup) {
        byte[] plain = cipher.decrypt(c.bytes(), EnvelopeCipher.contextOf(c.bytes()));
        assertTrue(
            kept.written().get(c.key()).stream().anyMatch(w -> java.util.Arrays.equals(w, plain)),
            "byte-identical: " + c.key());
      }
    }
    assertArrayEquals(
        kept.current(StateKeys.billing(kept.account())),
        stack
            .docs
            .read(kept.account(), "billing", StateKeys.billing(kept.account()))
            .orElseThrow()
            .plaintext());

    // A deleted account stays deleted: a tombstone, and no fresh key behind its alias.
    assertTrue(new DeletedAccounts(stack.state).isDeleted(goneId));
    assertFalse(new DeletedAccounts(stack.state).isDeleted(kept.account()));
    KmsTenantKeys fresh = new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion());
    assertThrows(KeyUnavailableException.class, () -> fresh.ensureKey(goneId));
    assertEquals(
        KeyState.PENDING_DELETION,
        aws.kmsReplica()
            .describeKey(r -> r.keyId(TenantKeys.aliasFor(goneId)))
            .keyMetadata()
            .keyState());

    // Running it again changes nothing and returns the same certificate.
    String progressEtag = stack.state.get(StateKeys.deletionProgress(goneId)).orElseThrow().etag();
    DeletionCertificate again = stack.deletion().delete(goneId);
    assertEquals(cert, again);
    assertEquals(
        progressEtag, stack.state.get(StateKeys.deletionProgress(goneId)).orElseThrow().etag());
    assertEquals("already-deleted", lastAudit("ignored").reason());
  }

  /**
   * A fresh deletion looks the key up once, in the primary region, where its metadata names the
   * replicas; no copy is described again before it is disabled or scheduled (disabling is harmless
   * in every state, and those look-ups are for a resumed run, which cannot know what an earlier run
   * did). Every copy is still disabled before any is scheduled, the replica first.
   */
  @Test
  void delete_shouldDescribeTheKeyOnce_whenTheRunStartsTheDeletion() {
    Seeded gone = stack.seed(DeletionTestStack.newAccount("once"), "tenant-secret-once");
    List<String> calls = new CopyOnWriteArrayList<>();
    try (KmsClient primary = recordingKms(aws.region(), calls);
        KmsClient replica = recordingKms(aws.replicaRegion(), calls)) {
      AccountDeletions.Resources r = stack.resources();
      AccountDeletion deletion =
          AccountDeletions.create(
              new AccountDeletions.Resources(
                  r.s3(),
                  r.stateBucket(),
                  r.stateSseKeyId(),
                  r.standbyS3(),
                  r.standbyBucket(),
                  primary,
                  replica),
              DeletionSettings.defaults(),
              stack.audit,
              java.time.Clock.systemUTC(),
              dev.airlock.accounts.domain.DeletionHook.NONE);

      DeletionCertificate cert = deletion.delete(gone.account());

      assertEquals(
          List.of(
              "DescribeKey " + aws.region(),
              "DisableKey " + aws.region(),
              "DisableKey " + aws.replicaRegion(),
              "ScheduleKeyDeletion " + aws.replicaRegion(),
              "ScheduleKeyDeletion " + aws.region()),
          calls);
      assertEquals("PendingReplicaDeletion", cert.keys().get(0).state());
      assertEquals("PendingDeletion", cert.keys().get(1).state());
      assertNotNull(cert.keys().get(1).deletionDate());
    }
  }

  private KmsClient recordingKms(String region, List<String> calls) {
    ExecutionInterceptor recorder =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attrs) {
            calls.add(attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + " " + region);
          }
        };
    return KmsClient.builder()
        .endpointOverride(aws.endpoint("kms"))
        .region(Region.of(region))
        .credentialsProvider(AwsClients.localCredentials())
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
        .build();
  }

  @Test
  void delete_shouldRefuseAndLeaveNoTombstone_whenNothingIsStoredForTheAccount() {
    String unknown = DeletionTestStack.newAccount("typo");

    assertThrows(AccountNotFoundException.class, () -> stack.deletion().delete(unknown));

    assertTrue(stack.state.get(StateKeys.deletionProgress(unknown)).isEmpty());
    assertFalse(new DeletedAccounts(stack.state).isDeleted(unknown));
    assertEquals("account-unknown", lastAudit("rejected").reason());
  }

  @Test
  void delete_shouldCertifyWithoutAKey_whenTheAccountOnlyHasALookupRecord() {
    String account = DeletionTestStack.newAccount("nokey");
    String lookup = StateKeys.stripeCustomer("cus_" + account.replace("-", ""));
    stack.state.createIfAbsent(
        lookup,
        ("{\"customerId\":\"x\",\"accountId\":\"" + account + "\"}").getBytes(),
        java.util.Map.of());

    DeletionCertificate cert = stack.deletion().delete(account);

    assertNull(cert.keyId());
    assertTrue(cert.keys().isEmpty());
    assertNull(cert.keysDisabledAt());
    assertNull(cert.keyDeletionDate());
    assertEquals(1, cert.lookupRecordsDeleted());
    assertEquals(0, cert.totalVersions());
    assertTrue(stack.state.get(lookup).isEmpty());
    assertEquals("none", lastAudit("succeeded").ids().get("keyId"));
  }

  @Test
  void delete_shouldStopTheLaterWriter_whenTwoRunsOverlap() {
    Seeded seeded = stack.seed(DeletionTestStack.newAccount("twice"), "s");
    String account = seeded.account();
    AtomicReference<DeletionCertificate> inner = new AtomicReference<>();
    // While the first run sits between steps 2 and 3, a second run does the whole deletion.
    AccountDeletion first =
        stack.deletion(
            DeletionSettings.defaults(),
            checkpoint -> {
              if (checkpoint == DeletionCheckpoint.STATE_PURGED && inner.get() == null) {
                inner.set(stack.deletion().delete(account));
              }
            });

    assertThrows(ConcurrentUpdateException.class, () -> first.delete(account));

    DeletionCertificate cert = inner.get();
    assertNotNull(cert);
    assertEquals(cert, stack.deletion().delete(account), "completed once, by the second run");
    assertEquals("concurrent-run", lastAudit("failed").reason());
  }

  private AuditRecord lastAudit(String outcome) {
    List<AuditRecord> matching =
        stack.auditRecords.stream()
            .filter(r -> r.action().equals(AccountDeletion.AUDIT_ACTION))
            .filter(r -> r.outcome().equals(outcome))
            .toList();
    assertFalse(matching.isEmpty(), "no " + outcome + " deletion record");
    return matching.get(matching.size() - 1);
  }

  private static void assertWithin(Instant expected, Instant actual) {
    assertNotNull(actual);
    assertTrue(
        Duration.between(expected, actual).abs().compareTo(Duration.ofMinutes(5)) < 0,
        "expected about " + expected + " but was " + actual);
  }
}
