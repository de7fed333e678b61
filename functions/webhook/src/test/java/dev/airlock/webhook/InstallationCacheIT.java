package dev.airlock.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.aws.sqs.SqsJobQueue;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.message.Provider;
import dev.airlock.core.secrets.EnvironmentSecretsSource;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.state.StoredObject;
import dev.airlock.core.state.WriteResult;
import dev.airlock.core.tenant.DeletedAccounts;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import dev.airlock.webhook.adapter.SerdeJsonCodec;
import dev.airlock.webhook.adapter.SourcedWebhookSecrets;
import dev.airlock.webhook.domain.AccountDirectory;
import dev.airlock.webhook.domain.EnrollmentService;
import dev.airlock.webhook.domain.Headers;
import dev.airlock.webhook.domain.InstallationDirectory;
import dev.airlock.webhook.domain.InstallationRecord;
import dev.airlock.webhook.domain.JsonCodec;
import dev.airlock.webhook.domain.ParsedEvent;
import dev.airlock.webhook.domain.WebhookResponse;
import dev.airlock.webhook.domain.WebhookService;
import dev.airlock.webhook.domain.WebhookSettings;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-instance installation cache ({@link InstallationDirectory}) on S3Mock and ElasticMQ: one
 * store read per installation and TTL, and revocation — an installation deleted or suspended
 * through another instance stops being accepted here once the TTL has passed, and at once when this
 * instance applies the change itself.
 */
@ExtendWith(LocalAwsExtension.class)
class InstallationCacheIT {
  private static final JsonCodec JSON = SerdeJsonCodec.createDefault();
  private static final Duration TTL = Duration.ofSeconds(5);
  private static final String SECRET = "cache-it-secret";

  private LocalAws aws;
  private String queueUrl;
  private StateStore s3;
  private CountingStore counted;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T08:00:00Z"));

  /** A clock the test moves; the cache's only notion of time. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** The real S3 store, counting reads (a decorator over real I/O, not a mock). */
  static final class CountingStore implements StateStore {
    private final StateStore delegate;
    final AtomicInteger gets = new AtomicInteger();

    CountingStore(StateStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<StoredObject> get(String key) {
      gets.incrementAndGet();
      return delegate.get(key);
    }

    @Override
    public WriteResult createIfAbsent(String key, byte[] value, Map<String, String> metadata) {
      return delegate.createIfAbsent(key, value, metadata);
    }

    @Override
    public WriteResult replaceIfMatch(
        String key, byte[] value, String etag, Map<String, String> metadata) {
      return delegate.replaceIfMatch(key, value, etag, metadata);
    }

    @Override
    public List<String> list(String prefix) {
      return delegate.list(prefix);
    }

    @Override
    public int deleteAllVersions(String key) {
      return delegate.deleteAllVersions(key);
    }
  }

  @BeforeEach
  void wire(LocalAws aws) {
    this.aws = aws;
    WebhookTestStack.Fresh fresh = WebhookTestStack.fresh(aws, "webhook-cache-");
    queueUrl = fresh.queueUrl();
    String bucket = fresh.bucket();
    s3 = new S3StateStore(aws.s3(), bucket, null);
    counted = new CountingStore(s3);
  }

  private InstallationDirectory cached() {
    return new InstallationDirectory(counted, JSON, clock, TTL);
  }

  /** Another Lambda instance: its own directory over the same bucket. */
  private InstallationDirectory otherInstance() {
    return new InstallationDirectory(s3, JSON, clock, TTL);
  }

  private static ParsedEvent.InstallationChange change(
      ParsedEvent.InstallationChange.Action action) {
    return WebhookTestStack.fixtureInstallation(action, null);
  }

  private WebhookService service(InstallationDirectory installations) {
    AccountDirectory accounts =
        new AccountDirectory(
            s3,
            new TenantDocuments(
                s3,
                new TenantVault(
                    new KmsDataKeyProvider(aws.kms()), new KmsTenantKeys(aws.kms(), null, null))),
            new DeletedAccounts(s3),
            JSON);
    return new WebhookService(
        WebhookSettings.defaults(),
        new SourcedWebhookSecrets(
            new EnvironmentSecretsSource(Map.of("GITHUB_WEBHOOK_SECRET", SECRET)::get),
            Map.of(
                Provider.GITHUB, "github-webhook-secret",
                Provider.GITLAB, "gitlab-webhook-token",
                Provider.BITBUCKET, "bitbucket-webhook-secret")),
        JSON,
        installations,
        new EnrollmentService(s3, JSON, accounts, clock),
        accounts,
        new SqsJobQueue(aws.sqs(), queueUrl),
        new JsonLinesAuditLog(new StringWriter(), r -> {}),
        clock);
  }

  private static WebhookResponse pullRequest(WebhookService service, String delivery) {
    byte[] body = Fixtures.webhook("github/pull_request/opened.payload.json");
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("X-GitHub-Event", "pull_request");
    h.put("X-GitHub-Delivery", delivery);
    h.put("X-Hub-Signature-256", Signing.hubSignature(SECRET, body));
    return service.handle(Provider.GITHUB, Headers.ofSingle(h), body);
  }

  @Test
  void find_shouldReadTheStoreOncePerTtl_whenTheSameInstallationIsLookedUpAgain() {
    otherInstance().apply(change(ParsedEvent.InstallationChange.Action.CREATED), clock.instant());
    InstallationDirectory installations = cached();

    for (int i = 0; i < 10; i++) {
      assertEquals(
          InstallationRecord.Status.ACTIVE, installations.find("1").orElseThrow().status());
      clock.advance(Duration.ofMillis(400));
    }
    int withinTtl = counted.gets.get();
    clock.advance(TTL);
    installations.find("1");

    assertEquals(1, withinTtl, "ten look-ups within 4 s of a 5 s TTL read the store once");
    assertEquals(2, counted.gets.get(), "the first look-up after the TTL reads it again");
  }

  @Test
  void find_shouldNotRememberAnAbsentInstallation_whenItIsCreatedAfterwards() {
    InstallationDirectory installations = cached();
    assertTrue(installations.find("1").isEmpty());

    otherInstance().apply(change(ParsedEvent.InstallationChange.Action.CREATED), clock.instant());

    assertEquals(InstallationRecord.Status.ACTIVE, installations.find("1").orElseThrow().status());
  }

  @Test
  void handle_shouldStopAcceptingWithinTheTtl_whenTheAppIsUninstalledThroughAnotherInstance() {
    otherInstance().apply(change(ParsedEvent.InstallationChange.Action.CREATED), clock.instant());
    WebhookService service = service(cached());
    assertEquals(202, pullRequest(service, "cache-1").httpStatus());

    otherInstance().apply(change(ParsedEvent.InstallationChange.Action.DELETED), clock.instant());
    clock.advance(TTL.minusMillis(1));
    WebhookResponse withinTtl = pullRequest(service, "cache-2");
    clock.advance(Duration.ofMillis(1));
    WebhookResponse afterTtl = pullRequest(service, "cache-3");

    // Documented: a change made elsewhere may take up to the TTL to reach this instance.
    assertEquals(202, withinTtl.httpStatus());
    assertEquals(200, afterTtl.httpStatus());
    assertEquals("installation-deleted", afterTtl.reason());
  }

  @Test
  void handle_shouldRefuseAtOnce_whenThisInstanceAppliesTheSuspension() {
    InstallationDirectory installations = cached();
    installations.apply(change(ParsedEvent.InstallationChange.Action.CREATED), clock.instant());
    WebhookService service = service(installations);
    assertEquals(202, pullRequest(service, "cache-4").httpStatus());

    installations.apply(change(ParsedEvent.InstallationChange.Action.SUSPENDED), clock.instant());
    WebhookResponse afterSuspension = pullRequest(service, "cache-5");

    assertEquals(200, afterSuspension.httpStatus());
    assertEquals("installation-suspended", afterSuspension.reason());
  }

  @Test
  void find_shouldReadTheStoreAgain_whenTheClockGoesBackwards() {
    otherInstance().apply(change(ParsedEvent.InstallationChange.Action.CREATED), clock.instant());
    InstallationDirectory installations = cached();
    installations.find("1");

    clock.advance(Duration.ofSeconds(-30));
    installations.find("1");

    assertEquals(2, counted.gets.get(), "an entry read 'in the future' is not trusted");
  }

  @Test
  void constructor_shouldRefuseTheTtl_whenItIsNegativeOrLongerThanAMinute() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new InstallationDirectory(s3, JSON, clock, Duration.ofSeconds(-1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new InstallationDirectory(s3, JSON, clock, Duration.ofMinutes(2)));
  }
}
