package dev.airlock.analyze.adapter.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.billing.BillingSubscription;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.state.StateStoreException;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link BillingEntitlements} on S3Mock and the local KMS: the document is written the way the
 * billing function writes it (sealed under the tenant key, kind {@code billing}) and read back the
 * way this function reads tenant objects (the key named by alias, never created).
 */
@ExtendWith(LocalAwsExtension.class)
class BillingEntitlementsIT {
  private final List<AuditRecord> audits = new CopyOnWriteArrayList<>();
  private final StringWriter auditText = new StringWriter();
  private LocalAws aws;
  private S3StateStore store;
  private TenantDocuments writer;
  private BillingEntitlements entitlements;
  private String account;

  @BeforeEach
  void setUp(LocalAws aws) {
    this.aws = aws;
    store = new S3StateStore(aws.s3(), aws.bucket("StateBucket"), aws.keyId("StateKey"));
    KmsTenantKeys keys = new KmsTenantKeys(aws.kms(), aws.kmsReplica(), aws.replicaRegion());
    account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    keys.ensureKey(account);
    writer = new TenantDocuments(store, new TenantVault(new KmsDataKeyProvider(aws.kms()), keys));
    entitlements = checkOn(store);
  }

  private BillingEntitlements checkOn(S3StateStore on) {
    TenantDocuments reader =
        new TenantDocuments(
            on, new TenantVault(new KmsDataKeyProvider(aws.kms()), new ExistingTenantKeys()));
    return new BillingEntitlements(
        reader, new JsonLinesAuditLog(auditText, audits::add), Clock.systemUTC());
  }

  private void storeStatus(String status) {
    BillingDocument doc =
        BillingDocument.of(
            "cus_Canary4711",
            List.of(
                new BillingSubscription(
                    "sub_Canary4711",
                    status,
                    "price_team",
                    3L,
                    1_900_000_000L,
                    false,
                    "evt_Canary4711",
                    1_800_000_000L)));
    writer.create(account, BillingDocument.KIND, StateKeys.billing(account), doc.toJson());
  }

  private void shred() {
    String keyId =
        aws.kms().describeKey(r -> r.keyId(TenantKeys.aliasFor(account))).keyMetadata().keyId();
    aws.kms().scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
  }

  private List<String> denialReasons() {
    return audits.stream()
        .filter(r -> r.action().equals("entitlement.denied"))
        .map(AuditRecord::reason)
        .toList();
  }

  @Test
  void mayAnalyze_shouldAllowPrivate_whenTheStoredSubscriptionIsActive() {
    storeStatus("active");

    assertTrue(entitlements.mayAnalyze(account, true));
    assertEquals(List.of(), audits);
  }

  @Test
  void mayAnalyze_shouldDenyPrivateAndAuditIdsOnly_whenTheStoredSubscriptionIsPastDue() {
    storeStatus("past_due");

    assertFalse(entitlements.mayAnalyze(account, true));
    assertEquals(List.of("subscription-not-active"), denialReasons());
    assertEquals(account, audits.get(0).ids().get("accountId"));
    String text = auditText.toString();
    assertFalse(text.contains("Canary4711") || text.contains("past_due"), text);
  }

  /** Documents the billing function wrote before it kept every subscription (version 1). */
  @Test
  void mayAnalyze_shouldReadAVersionOneDocument_whenItWasStoredBeforeTheUpgrade() {
    String v1 =
        "{\"customerId\":\"cus_Canary4711\",\"subscriptionId\":\"sub_Canary4711\","
            + "\"status\":\"trialing\",\"priceId\":\"price_team\",\"quantity\":3,"
            + "\"currentPeriodEnd\":1900000000,\"cancelAtPeriodEnd\":false,"
            + "\"lastEventId\":\"evt_Canary4711\",\"lastEventCreated\":1800000000}";
    writer.create(
        account,
        BillingDocument.KIND,
        StateKeys.billing(account),
        v1.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertTrue(entitlements.mayAnalyze(account, true));
    assertEquals(List.of(), audits);
  }

  @Test
  void mayAnalyze_shouldAllowPrivate_whenAnEndedSubscriptionIsNewerThanTheActiveOne() {
    BillingDocument doc =
        BillingDocument.of(
            "cus_Canary4711",
            List.of(
                new BillingSubscription(
                    "sub_paid", "active", "price_team", 1L, null, false, "evt_a", 1_800_000_000L),
                new BillingSubscription(
                    "sub_gone",
                    "canceled",
                    "price_team",
                    1L,
                    null,
                    false,
                    "evt_b",
                    1_800_009_000L)));
    writer.create(account, BillingDocument.KIND, StateKeys.billing(account), doc.toJson());

    assertTrue(entitlements.mayAnalyze(account, true));
  }

  @Test
  void mayAnalyze_shouldDenyPrivate_whenTheAccountsKeyIsShredded() {
    storeStatus("active");
    shred();

    assertFalse(entitlements.mayAnalyze(account, true));
    assertEquals(List.of("account-key-unavailable"), denialReasons());
  }

  @Test
  void mayAnalyze_shouldAllowPublicWithoutReading_whenTheAccountsKeyIsShredded() {
    storeStatus("canceled");
    shred();

    assertTrue(entitlements.mayAnalyze(account, false));
    assertEquals(List.of(), audits);
  }

  @Test
  void mayAnalyze_shouldPropagateNotDeny_whenTheStateStoreCannotBeReached() {
    // An outage says nothing about the account: the job is retried, not refused as unpaid.
    BillingEntitlements broken =
        checkOn(new S3StateStore(aws.s3(), "no-such-bucket-" + account, null));

    assertThrows(StateStoreException.class, () -> broken.mayAnalyze(account, true));
    assertEquals(List.of(), audits);
  }
}
