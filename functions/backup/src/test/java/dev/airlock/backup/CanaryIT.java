package dev.airlock.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.Manifest;
import dev.airlock.backup.domain.SnapshotFailedException;
import dev.airlock.backup.domain.archive.OpeningInputStream;
import dev.airlock.core.audit.CardDataGuard;
import dev.airlock.core.audit.RedactionGuard;
import dev.airlock.core.json.Json;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.emulators.replication.ReplicationStandIn;
import dev.airlock.testkit.CanaryScanner;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nothing a snapshot holds in plaintext (inside its own encryption) is a secret: tenant data stays
 * sealed under the tenant key, lookup records are identifiers, and neither the snapshot's data key
 * nor a planted canary appears anywhere in the backup buckets (raw or decrypted), the audit log or
 * the metric lines. And an object outside the state bucket's known prefixes (say, source code)
 * stops the snapshot instead of entering it.
 */
@ExtendWith(LocalAwsExtension.class)
class CanaryIT {

  @Test
  void snapshotPlaintext_shouldHoldNoCanaryCardDataOrTokens(LocalAws aws) throws Exception {
    BackupTestBed bed = new BackupTestBed(aws);
    String canary = CanaryScanner.newCanary();
    KmsTenantKeys tenantKeys = new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion());
    TenantDocuments docs =
        new TenantDocuments(
            new S3StateStore(aws.s3(), bed.state, null),
            new TenantVault(new KmsDataKeyProvider(aws.kms()), tenantKeys));
    String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    // What a tenant document may legitimately hold is sealed; the canary stands in for it.
    docs.create(
        account,
        "result",
        StateKeys.tenantPrefix(account) + "results/c1.sarif",
        ("{\"ruleId\":\"secret\",\"note\":\"" + canary + "\"}").getBytes(StandardCharsets.UTF_8));
    String installation = "98765";
    bed.put(
        StateKeys.githubInstallation(installation),
        ("{\"installationId\":\"" + installation + "\",\"account\":\"" + account + "\"}")
            .getBytes(StandardCharsets.UTF_8),
        Map.of());
    bed.put(StateKeys.stripeEventMarker("evt_1NqQ2X"), new byte[0], Map.of());

    Manifest m;
    try (ReplicationStandIn standIn = ReplicationStandIn.start(bed.replication())) {
      m = bed.ops.backup().manifest();
      assertTrue(standIn.awaitCaughtUp(Duration.ofSeconds(30)));
    }
    byte[] dataKey =
        new KmsDataKeyProvider(aws.kms())
            .unwrap(m.kmsKeyId(), m.wrappedKeyBytes(), Manifest.contextFor(m.snapshotId()));
    byte[] plaintext = open(bed.backupObject(m.ref().archiveKey()), dataKey, m);
    String text = new String(plaintext, StandardCharsets.ISO_8859_1);

    assertTrue(text.contains(installation), "the scan sees decrypted content");
    assertEquals(Optional.empty(), RedactionGuard.findViolation(text), "no token or key");
    assertEquals(Optional.empty(), CardDataGuard.findViolation(text), "no card data");
    assertEquals(
        java.util.List.of(),
        CanaryScanner.searchFor(canary).text("archive plaintext", text).hits(),
        "tenant data stays sealed inside the snapshot");

    String keyHex = HexFormat.of().formatHex(dataKey);
    for (String needle : new String[] {canary, keyHex}) {
      CanaryScanner scan =
          CanaryScanner.searchFor(needle)
              .s3(aws.s3(), bed.backup, raw -> decrypt(raw, dataKey, m))
              .s3(aws.s3Replica(), bed.replica, raw -> decrypt(raw, dataKey, m))
              .text("audit log", String.join("\n", bed.auditLines()))
              .text("metrics", String.join("\n", bed.metricLines));
      assertEquals(java.util.List.of(), scan.hits());
      assertTrue(scan.placesSearched() >= 6, "manifest and archive in both regions, and logs");
    }
    String keyBase64 = Base64.getEncoder().encodeToString(dataKey);
    assertFalse(
        new String(bed.backupObject(m.ref().manifestKey()), StandardCharsets.UTF_8)
            .contains(keyBase64));
    Arrays.fill(dataKey, (byte) 0);
  }

  @Test
  void snapshot_shouldRefuse_anObjectOutsideTheKnownPrefixes(LocalAws aws) {
    BackupTestBed bed = new BackupTestBed(aws);
    bed.put("lookup/fine.json", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
    bed.put("src/main/java/Main.java", "class Main {}".getBytes(StandardCharsets.UTF_8), Map.of());
    SnapshotFailedException e = assertThrows(SnapshotFailedException.class, bed.ops::backup);
    assertEquals("unknown-prefix", e.reason());
    assertFalse(e.getMessage().contains("Main.java"), "the stray key is not echoed");
    assertEquals(java.util.List.of(), bed.ops.snapshots(BackupRegion.PRIMARY), "no manifest");
    assertTrue(aws.s3().listMultipartUploads(r -> r.bucket(bed.backup)).uploads().isEmpty());
    String audit = String.join("\n", bed.auditLines());
    assertTrue(audit.contains("unknown-prefix"));
    assertFalse(audit.contains("Main.java"));
    assertEquals(1.0, bed.lastMetric("SnapshotFailed"));
  }

  private static Optional<byte[]> decrypt(byte[] raw, byte[] key, Manifest m) {
    if (raw.length < 4 || raw[0] != 'A' || raw[1] != 'L' || raw[2] != 'K' || raw[3] != 'S') {
      return Optional.empty();
    }
    return Optional.of(open(raw, key, m));
  }

  private static byte[] open(byte[] sealed, byte[] key, Manifest m) {
    try (OpeningInputStream in =
        new OpeningInputStream(
            new ByteArrayInputStream(sealed), key, m.snapshotId(), m.chunkBytes())) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String json(Object o) {
    return Json.writeString(o);
  }
}
