package dev.airlock.aws.tenant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.core.crypto.InvalidCiphertextException;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.WriteResult;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

@ExtendWith(LocalAwsExtension.class)
class TenantVaultIT {
  private LocalAws aws;
  private KmsTenantKeys tenantKeys;
  private TenantVault vault;
  private TenantDocuments docs;
  private S3StateStore store;

  @BeforeEach
  void setUp(LocalAws aws) {
    this.aws = aws;
    tenantKeys = new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion());
    vault = new TenantVault(new KmsDataKeyProvider(aws.kms()), tenantKeys);
    store = new S3StateStore(aws.s3(), aws.bucket("StateBucket"), aws.keyId("StateKey"));
    docs = new TenantDocuments(store, vault);
  }

  private static String newAccount() {
    return "acct-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void ensureKey_shouldCreateOneMultiRegionKeyWithAliasInBothRegions() {
    String account = newAccount();
    String arn = tenantKeys.ensureKey(account);
    assertEquals(arn, tenantKeys.ensureKey(account), "second call reuses the key");
    KeyMetadata md =
        aws.kms().describeKey(r -> r.keyId(TenantKeys.aliasFor(account))).keyMetadata();
    assertEquals(arn, md.arn());
    assertTrue(md.multiRegion());
    assertTrue(aws.kms().getKeyRotationStatus(r -> r.keyId(md.keyId())).keyRotationEnabled());
    KeyMetadata replica =
        aws.kmsReplica().describeKey(r -> r.keyId(TenantKeys.aliasFor(account))).keyMetadata();
    assertEquals(md.keyId(), replica.keyId());
  }

  @Test
  void tenantDocuments_shouldStoreOnlyCiphertextAndRoundTripFromBothRegions() {
    String account = newAccount();
    String key = StateKeys.billing(account);
    byte[] plain =
        ("{\"status\":\"active\",\"marker\":\"" + UUID.randomUUID() + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    assertTrue(docs.create(account, "billing", key, plain).written());

    byte[] stored = store.get(key).orElseThrow().value();
    assertFalse(
        new String(stored, StandardCharsets.ISO_8859_1).contains("active"),
        "stored bytes are sealed");
    assertArrayEquals(plain, docs.read(account, "billing", key).orElseThrow().plaintext());

    // The replica region opens it through the replica of the tenant key (cross-region restore).
    TenantVault replicaVault =
        new TenantVault(new KmsDataKeyProvider(aws.kmsReplica()), tenantKeys);
    assertArrayEquals(plain, replicaVault.open(account, "billing", key, stored));
  }

  @Test
  void open_shouldRefuseAnotherAccountKindOrKey() {
    String account = newAccount();
    String key = StateKeys.billing(account);
    byte[] sealed = vault.seal(account, "billing", key, "x".getBytes(StandardCharsets.UTF_8));
    String other = newAccount();
    tenantKeys.ensureKey(other);
    assertThrows(InvalidCiphertextException.class, () -> vault.open(other, "billing", key, sealed));
    assertThrows(
        InvalidCiphertextException.class, () -> vault.open(account, "result", key, sealed));
    assertThrows(
        InvalidCiphertextException.class,
        () -> vault.open(account, "billing", StateKeys.accountProfile(account), sealed));
  }

  @Test
  void disabledOrDeletedTenantKey_shouldShredTheAccountAndNeverBeReplaced() {
    String account = newAccount();
    String key = StateKeys.billing(account);
    docs.create(account, "billing", key, "secret-ish".getBytes(StandardCharsets.UTF_8));
    String keyId =
        aws.kms().describeKey(r -> r.keyId(TenantKeys.aliasFor(account))).keyMetadata().keyId();

    aws.kms().disableKey(r -> r.keyId(keyId));
    KeyUnavailableException disabled =
        assertThrows(KeyUnavailableException.class, () -> docs.read(account, "billing", key));
    assertEquals("DisabledException", disabled.reason());
    KmsTenantKeys fresh = new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion());
    assertThrows(KeyUnavailableException.class, () -> fresh.ensureKey(account));

    aws.kms().scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
    KeyUnavailableException pending =
        assertThrows(KeyUnavailableException.class, () -> docs.read(account, "billing", key));
    assertEquals("KMSInvalidStateException", pending.reason());
    assertThrows(KeyUnavailableException.class, () -> fresh.ensureKey(account));
    // A primary with replicas waits for them first (PendingReplicaDeletion), as in KMS.
    KeyState state =
        aws.kms().describeKey(r -> r.keyId(TenantKeys.aliasFor(account))).keyMetadata().keyState();
    assertTrue(
        state == KeyState.PENDING_DELETION || state == KeyState.PENDING_REPLICA_DELETION,
        "no replacement key was created behind the alias: " + state);
  }

  @Test
  void ensureKey_shouldConvergeOnOneKeyWhenCreatorsRace() throws Exception {
    String account = newAccount();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        tasks.add(
            () ->
                new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion())
                    .ensureKey(account));
      }
      Set<String> arns = new java.util.HashSet<>();
      for (Future<String> f : pool.invokeAll(tasks)) {
        arns.add(f.get());
      }
      assertEquals(1, arns.size(), "every creator ends with the alias target: " + arns);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tenantDocuments_shouldRefuseKeysOutsideTheAccountsPrefix() {
    String account = newAccount();
    assertThrows(
        IllegalArgumentException.class,
        () -> docs.create(account, "billing", StateKeys.billing(newAccount()), new byte[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> docs.create(account, "billing", "lookup/x.json", new byte[] {1}));
  }

  @Test
  void replace_shouldOnlyReplaceTheVersionThatWasRead() {
    String account = newAccount();
    String key = StateKeys.billing(account);
    docs.create(account, "billing", key, "v1".getBytes(StandardCharsets.UTF_8));
    TenantDocuments.Doc read = docs.read(account, "billing", key).orElseThrow();
    assertTrue(
        docs.replace(account, "billing", key, "v2".getBytes(StandardCharsets.UTF_8), read.etag())
            .written());
    WriteResult stale =
        docs.replace(account, "billing", key, "v3".getBytes(StandardCharsets.UTF_8), read.etag());
    assertFalse(stale.written());
    assertEquals(
        "v2",
        new String(
            docs.read(account, "billing", key).orElseThrow().plaintext(), StandardCharsets.UTF_8));
  }
}
