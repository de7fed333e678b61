package dev.airlock.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.aws.sqs.SqsJobQueue;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.message.Provider;
import dev.airlock.core.secrets.EnvironmentSecretsSource;
import dev.airlock.core.state.StateStore;
import dev.airlock.core.tenant.DeletedAccounts;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import dev.airlock.webhook.adapter.SerdeJsonCodec;
import dev.airlock.webhook.adapter.SourcedWebhookSecrets;
import dev.airlock.webhook.domain.AccountDirectory;
import dev.airlock.webhook.domain.CoveredRepository;
import dev.airlock.webhook.domain.EnrollmentService;
import dev.airlock.webhook.domain.Headers;
import dev.airlock.webhook.domain.InstallationDirectory;
import dev.airlock.webhook.domain.JsonCodec;
import dev.airlock.webhook.domain.ParsedEvent;
import dev.airlock.webhook.domain.WebhookResponse;
import dev.airlock.webhook.domain.WebhookService;
import dev.airlock.webhook.domain.WebhookSettings;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The domain service wired to the real adapters (SQS FIFO queue on ElasticMQ, S3 state store on
 * S3Mock, secrets from a variable lookup that the test changes): secret rotation, fail-closed
 * configuration, and arbitrary requests that must never produce a 5xx or a job.
 */
@ExtendWith(LocalAwsExtension.class)
class WebhookServiceIT {
  private static final JsonCodec JSON = SerdeJsonCodec.createDefault();
  private final Map<String, String> variables = new ConcurrentHashMap<>();
  private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
  private LocalAws aws;
  private String queueUrl;
  private WebhookService service;

  @BeforeEach
  void wire(LocalAws aws) {
    this.aws = aws;
    WebhookTestStack.Fresh fresh = WebhookTestStack.fresh(aws, "webhook-svc-");
    queueUrl = fresh.queueUrl();
    String bucket = fresh.bucket();
    StateStore store = new S3StateStore(aws.s3(), bucket, null);
    AccountDirectory accounts =
        new AccountDirectory(
            store,
            new TenantDocuments(
                store,
                new TenantVault(
                    new KmsDataKeyProvider(aws.kms()), new KmsTenantKeys(aws.kms(), null, null))),
            new DeletedAccounts(store),
            JSON);
    InstallationDirectory installations = new InstallationDirectory(store, JSON);
    installations.apply(
        new ParsedEvent.InstallationChange(
            ParsedEvent.InstallationChange.Action.CREATED,
            "1",
            "21031067",
            null,
            "selected",
            List.of(new CoveredRepository("186853002", "Codertocat/Hello-World")),
            List.of()),
        Instant.now());
    service =
        new WebhookService(
            WebhookSettings.defaults(),
            new SourcedWebhookSecrets(
                new EnvironmentSecretsSource(variables::get),
                Map.of(
                    Provider.GITHUB, "github-webhook-secret",
                    Provider.GITLAB, "gitlab-webhook-token",
                    Provider.BITBUCKET, "bitbucket-webhook-secret")),
            JSON,
            installations,
            new EnrollmentService(store, JSON, accounts, Clock.systemUTC()),
            accounts,
            new SqsJobQueue(aws.sqs(), queueUrl),
            new JsonLinesAuditLog(new StringWriter(), audit::add),
            Clock.systemUTC());
  }

  /**
   * Receives and deletes what is on the queue (an undeleted FIFO message would hold back the rest
   * of its message group).
   */
  private int queued(int waitSeconds) {
    List<software.amazon.awssdk.services.sqs.model.Message> messages =
        aws.sqs()
            .receiveMessage(
                b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds))
            .messages();
    messages.forEach(
        m -> aws.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
    return messages.size();
  }

  private static Headers github(byte[] body, String secret, String delivery) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("X-GitHub-Event", "pull_request");
    h.put("X-GitHub-Delivery", delivery);
    h.put("X-Hub-Signature-256", Signing.hubSignature(secret, body));
    return Headers.ofSingle(h);
  }

  @Test
  void handle_shouldAcceptOldSecretWhileListedAndRefuseItAfterRemoval_whenRotating() {
    byte[] body = Fixtures.webhook("github/pull_request/opened.payload.json");
    variables.put("GITHUB_WEBHOOK_SECRET", "new-secret,old-secret");

    WebhookResponse whileListed =
        service.handle(Provider.GITHUB, github(body, "old-secret", "rot-1"), body);
    int afterListed = queued(5);
    variables.put("GITHUB_WEBHOOK_SECRET", "new-secret");
    WebhookResponse afterRemoval =
        service.handle(Provider.GITHUB, github(body, "old-secret", "rot-2"), body);
    WebhookResponse current =
        service.handle(Provider.GITHUB, github(body, "new-secret", "rot-3"), body);

    assertEquals(202, whileListed.httpStatus());
    assertEquals(1, afterListed);
    assertEquals(401, afterRemoval.httpStatus());
    assertEquals("signature-invalid", afterRemoval.reason());
    assertEquals(202, current.httpStatus());
    assertEquals(1, queued(5), "only the job signed with a listed secret");
  }

  @Test
  void handle_shouldAnswer503AndEnqueueNothing_whenProviderHasNoSecret() {
    byte[] body = Fixtures.webhook("github/pull_request/opened.payload.json");
    variables.put("GITHUB_WEBHOOK_SECRET", " , ");

    WebhookResponse response =
        service.handle(Provider.GITHUB, github(body, "anything", "nc-1"), body);

    assertEquals(503, response.httpStatus());
    assertEquals("not-configured", response.reason());
    assertEquals(0, queued(1));
    assertEquals("rejected", audit.get(audit.size() - 1).outcome());
    assertEquals("not-configured", audit.get(audit.size() - 1).reason());
  }

  @Test
  void handle_shouldNeverAnswer5xxNorEnqueue_whenRequestsAreArbitraryAndUnsigned() {
    variables.put("GITHUB_WEBHOOK_SECRET", "prop-secret");
    variables.put("GITLAB_WEBHOOK_TOKEN", "prop-token,whsec_" + "QUJD".repeat(8));
    variables.put("BITBUCKET_WEBHOOK_SECRET", "prop-secret");
    Arbitrary<byte[]> bodies =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
            Arbitraries.of(
                Fixtures.webhook("github/pull_request/opened.payload.json"),
                Fixtures.webhook("gitlab/push.json"),
                Fixtures.webhook("bitbucket/repo-push.json")));
    Arbitrary<String> names =
        Arbitraries.of(
            "Content-Type",
            "X-GitHub-Event",
            "X-GitHub-Delivery",
            "X-Hub-Signature-256",
            "X-Hub-Signature",
            "X-Gitlab-Event",
            "X-Gitlab-Token",
            "Idempotency-Key",
            "webhook-id",
            "webhook-timestamp",
            "webhook-signature",
            "X-Event-Key",
            "X-Request-UUID");
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(70),
            Arbitraries.of(
                "application/json",
                "push",
                "pull_request",
                "Push Hook",
                "repo:push",
                "d-1",
                "prop-secre",
                "sha256=" + "0".repeat(64),
                "v1,AAAA",
                "1614265330"));
    Arbitrary<Map<String, List<String>>> headers =
        Arbitraries.maps(names, values.list().ofMinSize(1).ofMaxSize(2)).ofMaxSize(8);
    Arbitrary<Provider> providers = Arbitraries.of(Provider.class);
    int tries = 300;
    int auditBefore = audit.size();

    List<byte[]> sampledBodies = bodies.sampleStream().limit(tries).toList();
    List<Map<String, List<String>>> sampledHeaders = headers.sampleStream().limit(tries).toList();
    List<Provider> sampledProviders = providers.sampleStream().limit(tries).toList();
    for (int i = 0; i < tries; i++) {
      WebhookResponse response =
          service.handle(
              sampledProviders.get(i), Headers.of(sampledHeaders.get(i)), sampledBodies.get(i));

      assertTrue(response.httpStatus() < 500, "5xx for try " + i + ": " + response.body());
      assertTrue(response.httpStatus() != 202, "accepted without a valid signature: try " + i);
    }

    assertEquals(0, queued(2), "never an enqueue without a valid signature");
    assertEquals(tries, audit.size() - auditBefore, "one audit record per request");
    assertTrue(audit.stream().noneMatch(r -> r.toString().contains("prop-secret")));
  }
}
