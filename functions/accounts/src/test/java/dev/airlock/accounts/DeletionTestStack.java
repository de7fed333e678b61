package dev.airlock.accounts;

import dev.airlock.accounts.config.AccountDeletions;
import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.accounts.domain.DeletionHook;
import dev.airlock.accounts.domain.DeletionSettings;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.crypto.DataKeyProvider;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.testkit.LocalAws;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The local stack as the deletion tests use it: both regions' state buckets, tenant keys created
 * the way the webhook creates them, tenant documents sealed through a data-key provider that
 * remembers every plaintext data key it handed out (so tests can prove none of them was stored),
 * accounts seeded with data in both regions, and a captured audit log.
 */
final class DeletionTestStack {
  final LocalAws aws;
  final S3Client s3;
  final S3Client s3Replica;
  final String stateBucket;
  final String standbyBucket;
  final S3StateStore state;
  final KmsTenantKeys tenantKeys;
  final RecordingDataKeys dataKeys;
  final TenantDocuments docs;
  final StringWriter auditText = new StringWriter();
  final List<AuditRecord> auditRecords = Collections.synchronizedList(new ArrayList<>());
  final JsonLinesAuditLog audit = new JsonLinesAuditLog(auditText, auditRecords::add);

  /** On the local stack's own state and standby buckets (shared by every test in the JVM). */
  DeletionTestStack(LocalAws aws) {
    this(aws, aws.bucket("StateBucket"), aws.bucket("StandbyStateBucket"));
  }

  /** On the given buckets: a state bucket in the primary region, a standby in the replica. */
  DeletionTestStack(LocalAws aws, String stateBucket, String standbyBucket) {
    this.aws = aws;
    this.s3 = aws.s3();
    this.s3Replica = aws.s3Replica();
    this.stateBucket = stateBucket;
    this.standbyBucket = standbyBucket;
    this.state = new S3StateStore(s3, stateBucket, aws.keyId("StateKey"));
    this.tenantKeys = new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion());
    this.dataKeys = new RecordingDataKeys(new KmsDataKeyProvider(aws.kms()));
    this.docs = new TenantDocuments(state, new TenantVault(dataKeys, tenantKeys));
  }

  static String newAccount(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  AccountDeletions.Resources resources() {
    return new AccountDeletions.Resources(
        s3,
        stateBucket,
        aws.keyId("StateKey"),
        s3Replica,
        standbyBucket,
        aws.kms(),
        aws.kmsReplica());
  }

  AccountDeletion deletion(DeletionSettings settings, DeletionHook hook) {
    return AccountDeletions.create(resources(), settings, audit, Clock.systemUTC(), hook);
  }

  AccountDeletion deletion() {
    return deletion(DeletionSettings.defaults(), DeletionHook.NONE);
  }

  // ------------------------------------------------------------------ seeding

  /** What was stored for an account: each tenant key's plaintexts in write order, its lookups. */
  record Seeded(String account, Map<String, List<byte[]>> written, List<String> lookups) {
    byte[] current(String key) {
      List<byte[]> all = written.get(key);
      return all.get(all.size() - 1);
    }
  }

  /**
   * Seeds an account the way the functions would leave it: profile, a billing document replaced
   * once, three results carrying {@code secret}, two chained receipts, a run record that was
   * deleted (a delete marker over an old version), and its three lookup records. Then the
   * disaster-recovery copy: every current object and lookup in the standby bucket, the billing
   * document twice.
   */
  Seeded seed(String account, String secret) {
    Map<String, List<byte[]>> written = new LinkedHashMap<>();
    write(written, account, "account", StateKeys.accountProfile(account), json("status", "active"));
    String billing = StateKeys.billing(account);
    write(written, account, "billing", billing, json("status", "active"));
    var read = docs.read(account, "billing", billing).orElseThrow();
    byte[] v2 = json("status", "past_due");
    docs.replace(account, "billing", billing, v2, read.etag());
    written.get(billing).add(v2);
    for (int i = 0; i < 3; i++) {
      String key =
          StateKeys.tenantPrefix(account)
              + "results/"
              + "a".repeat(63)
              + i
              + "/"
              + "b".repeat(40)
              + ".default.sarif.json";
      write(written, account, "result", key, json("fingerprint-salt", secret + "-" + i));
    }
    String previous = "0".repeat(64);
    for (int seq = 1; seq <= 2; seq++) {
      String key =
          StateKeys.tenantPrefix(account) + "receipts/" + String.format("%012d", seq) + ".json";
      byte[] receipt =
          ("{\"sequence\":" + seq + ",\"previousReceiptSha256\":\"" + previous + "\",\"bytes\":42}")
              .getBytes(StandardCharsets.UTF_8);
      write(written, account, "receipt", key, receipt);
      previous = dev.airlock.core.crypto.Digests.sha256Hex(receipt);
    }
    String run = StateKeys.tenantPrefix(account) + "runs/old.json";
    write(written, account, "run", run, json("outcome", secret));
    s3.deleteObject(r -> r.bucket(stateBucket).key(run));

    List<String> lookups = new ArrayList<>();
    String installation =
        String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 1_000_000_000L);
    lookups.add(lookup(StateKeys.githubInstallation(installation), account));
    lookups.add(lookup(StateKeys.enrollment("gitlab", "group/" + account), account));
    lookups.add(lookup(StateKeys.stripeCustomer("cus_" + account.replace("-", "")), account));

    for (S3Object o :
        s3.listObjectsV2Paginator(
                r -> r.bucket(stateBucket).prefix(StateKeys.tenantPrefix(account)))
            .contents()) {
      // S3Mock lists a key whose current version is a delete marker; S3 does not.
      if (!o.key().equals(run)) {
        copyToStandby(o.key());
      }
    }
    copyToStandby(billing);
    for (String l : lookups) {
      copyToStandby(l);
    }
    return new Seeded(account, written, lookups);
  }

  private void write(
      Map<String, List<byte[]>> written, String account, String kind, String key, byte[] plain) {
    if (!docs.create(account, kind, key, plain).written()) {
      throw new IllegalStateException("seed object exists: " + key);
    }
    written.computeIfAbsent(key, k -> new ArrayList<>()).add(plain);
  }

  private String lookup(String key, String account) {
    byte[] record =
        ("{\"version\":1,\"accountId\":\"" + account + "\",\"note\":\"identifiers only\"}")
            .getBytes(StandardCharsets.UTF_8);
    if (!state.createIfAbsent(key, record, Map.of()).written()) {
      throw new IllegalStateException("lookup exists: " + key);
    }
    return key;
  }

  private void copyToStandby(String key) {
    ResponseBytes<GetObjectResponse> o = s3.getObjectAsBytes(r -> r.bucket(stateBucket).key(key));
    s3Replica.putObject(
        r -> r.bucket(standbyBucket).key(key).metadata(o.response().metadata()),
        RequestBody.fromBytes(o.asByteArray()));
  }

  static byte[] json(String field, String value) {
    return ("{\"" + field + "\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ inspection

  /** Distinct keys and versions (including delete markers) under a prefix. */
  record Counts(long objects, long versions) {}

  Counts counts(S3Client client, String bucket, String prefix) {
    Set<String> keys = new HashSet<>();
    long versions = 0;
    for (ListObjectVersionsResponse page :
        client.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(prefix))) {
      for (ObjectVersion v : page.versions()) {
        keys.add(v.key());
        versions++;
      }
      for (DeleteMarkerEntry m : page.deleteMarkers()) {
        keys.add(m.key());
        versions++;
      }
    }
    return new Counts(keys.size(), versions);
  }

  /** One stored version, as a backup of the bucket holds it. */
  record Copy(String role, String key, String versionId, byte[] bytes) {}

  /** Every object version under {@code prefix} in both regions: what a snapshot would hold. */
  List<Copy> snapshot(String prefix) {
    List<Copy> out = new ArrayList<>();
    snapshot(out, "primary", s3, stateBucket, prefix);
    snapshot(out, "standby", s3Replica, standbyBucket, prefix);
    return out;
  }

  private static void snapshot(
      List<Copy> out, String role, S3Client client, String bucket, String prefix) {
    for (ListObjectVersionsResponse page :
        client.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(prefix))) {
      for (ObjectVersion v : page.versions()) {
        byte[] bytes =
            client
                .getObjectAsBytes(r -> r.bucket(bucket).key(v.key()).versionId(v.versionId()))
                .asByteArray();
        out.add(new Copy(role, v.key(), v.versionId(), bytes));
      }
    }
  }

  /** Opens an envelope with the context it carries; empty if it is not one or is shredded. */
  static Optional<byte[]> open(DataKeyProvider keys, byte[] bytes) {
    if (!EnvelopeCipher.looksLikeEnvelope(bytes)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new EnvelopeCipher(keys).decrypt(bytes, EnvelopeCipher.contextOf(bytes)));
    } catch (KeyUnavailableException shredded) {
      return Optional.empty();
    }
  }

  /** A real KMS data-key provider that keeps a copy of every plaintext data key it returns. */
  static final class RecordingDataKeys implements DataKeyProvider {
    private final DataKeyProvider delegate;
    final List<byte[]> plaintextKeys = Collections.synchronizedList(new ArrayList<>());

    RecordingDataKeys(DataKeyProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public DataKey generate(String keyId, Map<String, String> encryptionContext) {
      DataKey k = delegate.generate(keyId, encryptionContext);
      plaintextKeys.add(k.plaintext().clone());
      return k;
    }

    @Override
    public byte[] unwrap(byte[] wrappedKey, Map<String, String> encryptionContext) {
      byte[] k = delegate.unwrap(wrappedKey, encryptionContext);
      plaintextKeys.add(k.clone());
      return k;
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrappedKey, Map<String, String> encryptionContext) {
      byte[] k = delegate.unwrap(keyId, wrappedKey, encryptionContext);
      plaintextKeys.add(k.clone());
      return k;
    }
  }
}
