package dev.airlock.analyze.adapter.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.adapter.json.SerdeJsonCodec;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.analyze.port.PurgeReceipts;
import dev.airlock.analyze.port.PurgeReceipts.ReceiptRef;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.core.crypto.Digests;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StoredObject;
import dev.airlock.core.state.WriteResult;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Receipts, run records and salts on S3Mock and the local KMS, under the tenant's own key. */
@ExtendWith(LocalAwsExtension.class)
class TenantStateIT {
  private final SerdeJsonCodec json = SerdeJsonCodec.createDefault();
  private LocalAws aws;
  private S3StateStore store;
  private TenantDocuments documents;
  private String account;

  @BeforeEach
  void setUp(LocalAws aws) {
    this.aws = aws;
    store = new S3StateStore(aws.s3(), aws.bucket("StateBucket"), aws.keyId("StateKey"));
    KmsTenantKeys keys = new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion());
    account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    keys.ensureKey(account);
    // the function itself never creates keys: it names them by alias
    documents =
        new TenantDocuments(
            store, new TenantVault(new KmsDataKeyProvider(aws.kms()), new ExistingTenantKeys()));
  }

  /**
   * S3 makes a conditional write atomic: of concurrent {@code If-None-Match: *} puts exactly one
   * succeeds. S3Mock checks and writes in two steps, so concurrent creates of one key can all "win"
   * (seen here: five of six racing writers). This decorator restores S3's guarantee for the
   * concurrency test; everything else still goes to S3Mock.
   */
  private static final class AtomicConditionalWrites implements StateStore {
    private final StateStore s3;

    AtomicConditionalWrites(StateStore s3) {
      this.s3 = s3;
    }

    @Override
    public Optional<StoredObject> get(String key) {
      return s3.get(key);
    }

    @Override
    public synchronized WriteResult createIfAbsent(
        String key, byte[] value, Map<String, String> metadata) {
      return s3.createIfAbsent(key, value, metadata);
    }

    @Override
    public synchronized WriteResult replaceIfMatch(
        String key, byte[] value, String etag, Map<String, String> metadata) {
      return s3.replaceIfMatch(key, value, etag, metadata);
    }

    @Override
    public List<String> list(String prefix) {
      return s3.list(prefix);
    }

    @Override
    public int deleteAllVersions(String key) {
      return s3.deleteAllVersions(key);
    }
  }

  @Test
  void append_shouldKeepOneLinearHashChain_whenJobsOfOneAccountFinishConcurrently()
      throws Exception {
    TenantDocuments atomic =
        new TenantDocuments(
            new AtomicConditionalWrites(store),
            new TenantVault(new KmsDataKeyProvider(aws.kms()), new ExistingTenantKeys()));
    TenantPurgeReceipts receipts = new TenantPurgeReceipts(atomic, json);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<ReceiptRef>> tasks = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int n = i;
        tasks.add(() -> receipts.append(account, Map.of("jobId", "job-" + n)));
      }
      List<ReceiptRef> refs = new ArrayList<>();
      for (Future<ReceiptRef> f : pool.invokeAll(tasks)) {
        refs.add(f.get());
      }
      assertEquals(12, refs.stream().map(ReceiptRef::sequence).distinct().count());
    } finally {
      pool.shutdownNow();
    }
    String previous = PurgeReceipts.GENESIS;
    for (long seq = 1; seq <= 12; seq++) {
      byte[] plain =
          documents
              .read(account, "receipt", StateKeys.receipt(account, seq))
              .orElseThrow()
              .plaintext();
      Map<?, ?> r = (Map<?, ?>) json.read(plain);
      assertEquals(seq, r.get("sequence"));
      assertEquals(
          previous, r.get("previousReceiptSha256"), "receipt " + seq + " names its predecessor");
      previous = Digests.sha256Hex(plain);
    }
    assertTrue(documents.read(account, "receipt", StateKeys.receipt(account, 13)).isEmpty());
    Map<?, ?> head =
        (Map<?, ?>)
            json.read(
                documents
                    .read(account, "receipt-head", StateKeys.receiptChainHead(account))
                    .orElseThrow()
                    .plaintext());
    assertEquals(12L, head.get("sequence"));
    assertEquals(previous, head.get("sha256"));
  }

  @Test
  void append_shouldRepairTheHead_whenAWriterDiedBetweenReceiptAndHead() {
    TenantPurgeReceipts receipts = new TenantPurgeReceipts(documents, json);
    receipts.append(account, Map.of("jobId", "job-1"));
    // a writer stored receipt 2 and died before moving the head
    byte[] orphan =
        json.write(Map.of("sequence", 2L, "previousReceiptSha256", "x", "jobId", "job-2"));
    assertTrue(
        documents.create(account, "receipt", StateKeys.receipt(account, 2), orphan).written());

    ReceiptRef next = receipts.append(account, Map.of("jobId", "job-3"));

    assertEquals(3, next.sequence());
    Map<?, ?> third =
        (Map<?, ?>)
            json.read(documents.read(account, "receipt", next.key()).orElseThrow().plaintext());
    assertEquals(Digests.sha256Hex(orphan), third.get("previousReceiptSha256"));
  }

  @Test
  void resultStore_shouldSealUnderTheTenantKeyAndNeverOverwrite() {
    TenantResultStore results = new TenantResultStore(documents, json);
    String key =
        StateKeys.result(
            account, StateKeys.repositoryHash("github", "o/n"), "a".repeat(40), "secrets-pmd.v1");
    byte[] sarif = "{\"version\":\"2.1.0\",\"runs\":[]}".getBytes(StandardCharsets.UTF_8);

    assertTrue(results.storeResult(account, key, sarif));
    assertFalse(results.storeResult(account, key, "{}".getBytes(StandardCharsets.UTF_8)));

    assertArrayEquals(sarif, results.readResult(account, key).orElseThrow());
    byte[] raw = store.get(key).orElseThrow().value();
    assertFalse(new String(raw, StandardCharsets.ISO_8859_1).contains("2.1.0"));
    String runKey = StateKeys.run(account, "b".repeat(64) + ".secrets-pmd.v1");
    RunRecord mine = RunRecord.running("job-1", 1, Instant.now(), Instant.now().plusSeconds(60));
    Optional<String> etag = results.createRun(account, runKey, mine);
    assertTrue(etag.isPresent());
    assertTrue(results.createRun(account, runKey, mine).isEmpty(), "one claim wins");
    assertEquals(mine, results.findRun(account, runKey).orElseThrow().record());
    assertTrue(results.replaceRun(account, runKey, mine, "\"stale\"").isEmpty());
    assertTrue(results.replaceRun(account, runKey, mine, etag.get()).isPresent());
  }

  @Test
  void saltFor_shouldBeStablePerAccountAndGoneWithTheAccountsKey() {
    TenantFingerprintSalts salts = new TenantFingerprintSalts(documents, json);
    byte[] first = salts.saltFor(account);
    assertEquals(32, first.length);
    assertArrayEquals(first, salts.saltFor(account));
    String other = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion()).ensureKey(other);
    assertFalse(java.util.Arrays.equals(first, salts.saltFor(other)));

    String keyId =
        aws.kms().describeKey(r -> r.keyId(TenantKeys.aliasFor(account))).keyMetadata().keyId();
    aws.kms().disableKey(r -> r.keyId(keyId));
    assertThrows(KeyUnavailableException.class, () -> salts.saltFor(account));
  }
}
