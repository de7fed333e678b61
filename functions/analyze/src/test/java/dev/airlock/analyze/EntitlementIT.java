package dev.airlock.analyze;

import static dev.airlock.analyze.AnalyzeTestBed.failures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.state.StateKeys;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The billing rule end to end, with the real {@code BillingEntitlements} reading the billing
 * document the way the billing function stores it (tenant-sealed, kind {@code billing}): private
 * repositories only for {@code active} or {@code trialing} subscriptions, public repositories
 * always. A refused job mints no token, makes no request for the repository on the code host,
 * creates no sandbox, and leaves a {@code refused}/{@code not-entitled} run record and audit trail
 * that name no field of the document.
 */
@ExtendWith(LocalAwsExtension.class)
class EntitlementIT {
  private static AnalyzeTestBed bed;

  @BeforeAll
  static void start(LocalAws aws) {
    bed = AnalyzeTestBed.start(aws);
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  private static Repo repository() {
    return bed.newRepository(
        FixtureTree.create()
            .file("probe.properties", "")
            .file("src/main/java/demo/App.java", "package demo;\nclass App {}\n"));
  }

  private static String billedAccount(String status) {
    String account = bed.newUnbilledAccount();
    bed.storeBilling(account, AnalyzeTestBed.billing(account, status));
    return account;
  }

  private static List<AuditRecord> denials(String account) {
    return bed.audits.stream()
        .filter(r -> r.action().equals("entitlement.denied"))
        .filter(r -> account.equals(r.ids().get("accountId")))
        .toList();
  }

  private static void assertAnalyzed(AnalysisJob job, Repo repo) {
    assertEquals(List.of(), failures(bed.deliverJobs(job)));
    RunRecord run = bed.run(job).orElseThrow();
    assertEquals(RunRecord.Status.COMPLETED, run.status(), "run " + run);
    assertNotNull(run.resultKey());
    assertFalse(bed.hostRequestsFor(repo).isEmpty(), "the repository was fetched");
    assertEquals(List.of(), denials(job.accountId()));
    assertTrue(bed.sandboxesLeft().isEmpty());
  }

  /**
   * Refused before a token, a fetch or a sandbox; the denial names a reason, never the document.
   */
  private static void assertRefusedUntouched(AnalysisJob job, Repo repo, String denial) {
    long tokensBefore = bed.host.tokenStats().issued();

    assertEquals(List.of(), failures(bed.deliverJobs(job)), "refusals are acknowledged");

    RunRecord run = bed.run(job).orElseThrow();
    assertEquals(RunRecord.Status.REFUSED, run.status(), "run " + run);
    assertEquals(Reason.NOT_ENTITLED, run.reason());
    assertNull(run.resultKey());
    assertNull(run.receiptKey(), "no sandbox was made, so there is nothing to purge");
    assertEquals(tokensBefore, bed.host.tokenStats().issued(), "no token");
    assertEquals(List.of(), bed.hostRequestsFor(repo), "nothing fetched from the code host");
    assertEquals(List.of(), bed.audits("sandbox.created", job.jobId()));
    assertTrue(bed.sandboxesLeft().isEmpty());
    List<AuditRecord> refused = bed.audits("analysis.refused", job.jobId());
    assertEquals(1, refused.size());
    assertEquals(Reason.NOT_ENTITLED.code(), refused.get(0).reason());
    assertEquals(List.of(denial), denials(job.accountId()).stream().map(r -> r.reason()).toList());
    String id = job.accountId().replace('-', '_');
    String audit = bed.auditText.toString();
    assertFalse(audit.contains("cus_" + id) || audit.contains("sub_" + id), "document in audit");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"active", "trialing"})
  void handleRequest_shouldAnalyzeAPrivateRepository_whenTheSubscriptionIsActiveOrTrialing(
      String status) {
    String account = billedAccount(status);
    Repo repo = repository();

    assertAnalyzed(bed.job(account, repo), repo);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"past_due", "canceled", "unpaid", "incomplete", "incomplete_expired", "paused"})
  void handleRequest_shouldRefusePrivateNotEntitledWithoutFetching_whenTheSubscriptionIsNotActive(
      String status) {
    String account = billedAccount(status);
    Repo repo = repository();

    assertRefusedUntouched(bed.job(account, repo), repo, "subscription-not-active");
  }

  @Test
  void handleRequest_shouldRefusePrivateNotEntitledWithoutFetching_whenNoBillingDocumentExists() {
    String account = bed.newUnbilledAccount();
    Repo repo = repository();

    assertRefusedUntouched(bed.job(account, repo), repo, "no-billing-document");
  }

  @Test
  void handleRequest_shouldRefusePrivate_whenTheCheckoutLinkedACustomerButNoSubscriptionYet() {
    String account = billedAccount(null);
    Repo repo = repository();

    assertRefusedUntouched(bed.job(account, repo), repo, "subscription-not-active");
  }

  @Test
  void handleRequest_shouldAnalyzeAPublicRepository_whenTheAccountHasNoBillingDocument() {
    String account = bed.newUnbilledAccount();
    Repo repo = repository();

    assertAnalyzed(bed.publicJob(account, repo), repo);
  }

  @Test
  void handleRequest_shouldNotEvenReadBilling_whenTheRepositoryIsPublic() {
    // A document that would deny (it does not decrypt) proves the check never opens it.
    String account = bed.newUnbilledAccount();
    putRaw(StateKeys.billing(account), "not an envelope".getBytes(StandardCharsets.UTF_8));
    Repo repo = repository();

    assertAnalyzed(bed.publicJob(account, repo), repo);
  }

  @Test
  void handleRequest_shouldRefusePrivateAndAudit_whenTheBillingDocumentWasTamperedWith() {
    String account = billedAccount("active");
    String key = StateKeys.billing(account);
    byte[] sealed = getRaw(key);
    sealed[sealed.length - 1] ^= 0x01; // the last byte of the GCM tag
    putRaw(key, sealed);
    Repo repo = repository();

    assertRefusedUntouched(bed.job(account, repo), repo, "billing-document-unreadable");
  }

  @Test
  void handleRequest_shouldRefusePrivate_whenAnotherAccountsActiveDocumentIsCopiedIn() {
    // The envelope's encryption context names its own account and key: a copy does not open.
    String paying = billedAccount("active");
    String account = bed.newUnbilledAccount();
    putRaw(StateKeys.billing(account), getRaw(StateKeys.billing(paying)));
    Repo repo = repository();

    assertRefusedUntouched(bed.job(account, repo), repo, "billing-document-unreadable");
  }

  @Test
  void handleRequest_shouldRefusePrivate_whenTheSealedDocumentIsNotAValidBillingDocument() {
    // Correctly sealed under the account's key, but a bare status is not a billing document.
    String account = bed.newUnbilledAccount();
    bed.documents.create(
        account,
        BillingDocument.KIND,
        StateKeys.billing(account),
        "{\"status\":\"active\"}".getBytes(StandardCharsets.UTF_8));
    Repo repo = repository();

    assertRefusedUntouched(bed.job(account, repo), repo, "billing-document-invalid");
  }

  @Test
  void handleRequest_shouldAnalyzeALaterDelivery_whenTheAccountPaysAfterARefusal() {
    // not-entitled is not final for the commit: once the subscription is active, it runs.
    String account = billedAccount("past_due");
    Repo repo = repository();
    assertRefusedUntouched(bed.job(account, repo), repo, "subscription-not-active");

    bed.storeBilling(account, AnalyzeTestBed.billing(account, "active"));
    AnalysisJob again = bed.job(account, repo);
    assertEquals(List.of(), failures(bed.deliverJobs(again)));

    RunRecord run = bed.run(again).orElseThrow();
    assertEquals(RunRecord.Status.COMPLETED, run.status(), "run " + run);
    assertEquals(2, run.attempt());
    assertFalse(bed.hostRequestsFor(repo).isEmpty());
  }

  @Test
  void handleRequest_shouldRefusePrivate_whenAnActiveAccountIsCanceled() {
    String account = billedAccount("active");
    Repo first = repository();
    assertAnalyzed(bed.job(account, first), first);

    bed.storeBilling(account, AnalyzeTestBed.billing(account, "canceled"));
    Repo second = repository();

    assertRefusedUntouched(bed.job(account, second), second, "subscription-not-active");
  }

  private static byte[] getRaw(String key) {
    return bed.aws
        .s3()
        .getObjectAsBytes(b -> b.bucket(bed.aws.bucket("StateBucket")).key(key))
        .asByteArray();
  }

  private static void putRaw(String key, byte[] bytes) {
    bed.aws
        .s3()
        .putObject(
            b -> b.bucket(bed.aws.bucket("StateBucket")).key(key), RequestBody.fromBytes(bytes));
  }
}
