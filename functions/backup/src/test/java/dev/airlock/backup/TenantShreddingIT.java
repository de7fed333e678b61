package dev.airlock.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import dev.airlock.backup.domain.TenantSummary;
import dev.airlock.backup.domain.VerifyReport;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.emulators.replication.ReplicationStandIn;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two accounts backed up; one is crypto-shredded (its tenant key disabled in both regions); the
 * backup restores byte for byte from either region, and the probe counts the shredded account's
 * objects as shredded, not corrupt, while the other account's objects still open.
 */
@ExtendWith(LocalAwsExtension.class)
class TenantShreddingIT {

  @Test
  void restore_shouldCountAShreddedAccountsObjectsAsShredded_fromBothRegions(LocalAws aws)
      throws Exception {
    BackupTestBed bed = new BackupTestBed(aws);
    KmsTenantKeys tenantKeys = new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion());
    TenantVault vault = new TenantVault(new KmsDataKeyProvider(aws.kms()), tenantKeys);
    TenantDocuments docs = new TenantDocuments(new S3StateStore(aws.s3(), bed.state, null), vault);
    String shredded = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    String kept = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, byte[]> plaintexts = new LinkedHashMap<>();
    for (String account : new String[] {shredded, kept}) {
      for (String[] doc :
          new String[][] {
            {"billing", StateKeys.billing(account)},
            {"account", StateKeys.accountProfile(account)},
            {"result", StateKeys.tenantPrefix(account) + "results/commit-1.sarif"}
          }) {
        byte[] plain =
            ("{\"doc\":\"" + doc[0] + "\",\"account\":\"" + account + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(docs.create(account, doc[0], doc[1], plain).written());
        plaintexts.put(doc[1], plain);
      }
    }
    bed.put(
        StateKeys.stripeCustomer("cus_" + kept),
        "{\"account\":\"x\"}".getBytes(StandardCharsets.UTF_8),
        Map.of());

    try (ReplicationStandIn standIn = ReplicationStandIn.start(bed.replication())) {
      bed.ops.backup();
      assertTrue(standIn.awaitCaughtUp(Duration.ofSeconds(30)));
    }

    String keyId =
        aws.kms().describeKey(r -> r.keyId(TenantKeys.aliasFor(shredded))).keyMetadata().keyId();
    aws.kms().disableKey(r -> r.keyId(keyId));
    aws.kmsReplica().disableKey(r -> r.keyId(keyId));

    TenantSummary expected = new TenantSummary(true, 6, 3, 3, 0, 0);
    for (BackupRegion region : BackupRegion.values()) {
      VerifyReport v = bed.ops.verify("latest", region, true);
      assertEquals(VerifyReport.VERIFIED, v.outcome(), v.message());
      assertEquals(expected, v.tenants(), region.wireName());
    }
    VerifyReport unprobed = bed.ops.verify("latest", BackupRegion.PRIMARY);
    assertEquals(new TenantSummary(false, 6, 0, 0, 0, 6), unprobed.tenants());

    RestoreReport r =
        bed.ops.restore(new RestoreRequest("latest", "replica", null, null, "dr/", true));
    assertEquals(RestoreReport.RESTORED, r.outcome(), r.message());
    assertEquals(7, r.objectsRestored());
    assertEquals(expected, r.tenants());

    TenantVault replicaVault =
        new TenantVault(new KmsDataKeyProvider(aws.kmsReplica()), tenantKeys);
    Map<String, byte[]> restored = BackupTestBed.readAll(aws.s3(), bed.restore, "dr/");
    for (Map.Entry<String, byte[]> e : plaintexts.entrySet()) {
      String key = e.getKey();
      byte[] sealed = restored.get(key);
      String kind =
          key.endsWith("billing.json")
              ? "billing"
              : key.endsWith("account.json") ? "account" : "result";
      if (key.startsWith(StateKeys.tenantPrefix(kept))) {
        assertArrayEquals(e.getValue(), replicaVault.open(kept, kind, key, sealed), key);
      } else {
        assertThrows(
            KeyUnavailableException.class,
            () -> replicaVault.open(shredded, kind, key, sealed),
            key);
      }
    }
  }
}
