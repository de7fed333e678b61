package dev.airlock.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.json.Json;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.message.Provider;
import dev.airlock.core.state.StateKeys;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import dev.airlock.webhook.adapter.SerdeJsonCodec;
import dev.airlock.webhook.domain.CoveredRepository;
import dev.airlock.webhook.domain.EnrollmentService;
import dev.airlock.webhook.domain.InstallationDirectory;
import dev.airlock.webhook.domain.InstallationRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The webhook through its handler's API Gateway v2 translation ({@link WebhookFunction}, events
 * built through the Lambda runtime's own serializer), on ElasticMQ and S3Mock over real sockets:
 * every checked-in event (each a real fixture payload, signed) gets its documented answer; accepted
 * ones put exactly one job on the FIFO queue; every rejection enqueues nothing and is audited.
 */
@ExtendWith(LocalAwsExtension.class)
class WebhookProxyIT {
  private static final String ACCOUNT = "acme";
  private static WebhookTestStack stack;

  @BeforeAll
  static void start(LocalAws aws) {
    stack = new WebhookTestStack(aws, Map.of());
    // Installation 1 covers Codertocat/Hello-World (the pull request fixtures' repository).
    stack.installFixtureRepository();
    EnrollmentService enrollments = stack.context().getBean(EnrollmentService.class);
    enrollments.enroll(Provider.GITLAB, "mike/diaspora", ACCOUNT);
    enrollments.enroll(Provider.GITLAB, "gitlabhq/gitlab-test", ACCOUNT);
    enrollments.enroll(Provider.BITBUCKET, "team_name/repo_name", ACCOUNT);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /** file → status, status field, reason (null for accepted work). See events/webhook/README.md. */
  static Stream<Arguments> checkedInEvents() {
    Map<String, Object[]> expected = new LinkedHashMap<>();
    expected.put("github-ping.json", new Object[] {200, "ignored", "ping"});
    expected.put("github-ping-with-app-id.json", new Object[] {200, "ignored", "ping"});
    expected.put("github-push-tag-deleted.json", new Object[] {200, "ignored", "ref-deleted"});
    expected.put(
        "github-push-with-installation-tag-deleted.json",
        new Object[] {200, "ignored", "ref-deleted"});
    expected.put("github-pull-request-opened.json", new Object[] {202, "accepted", null});
    expected.put("github-pull-request-opened-base64.json", new Object[] {202, "accepted", null});
    expected.put("github-pull-request-synchronize.json", new Object[] {202, "accepted", null});
    expected.put(
        "github-pull-request-closed.json",
        new Object[] {200, "ignored", "pull-request-action:closed"});
    expected.put(
        "github-installation-created.json", new Object[] {200, "accepted", "installation-created"});
    expected.put(
        "github-installation-deleted.json", new Object[] {200, "accepted", "installation-deleted"});
    expected.put(
        "github-installation-repositories-added.json",
        new Object[] {200, "accepted", "installation-repositories-changed"});
    expected.put(
        "github-installation-repositories-removed.json",
        new Object[] {200, "accepted", "installation-repositories-changed"});
    expected.put("gitlab-push.json", new Object[] {202, "accepted", null});
    expected.put("gitlab-merge-request.json", new Object[] {202, "accepted", null});
    expected.put("gitlab-tag-push.json", new Object[] {200, "ignored", "event-not-supported"});
    expected.put("bitbucket-repo-push.json", new Object[] {202, "accepted", null});
    expected.put(
        "bitbucket-pull-request-created.json",
        new Object[] {200, "ignored", "commit-hash-abbreviated"});
    assertEquals(
        WebhookEvents.SPECS.stream().map(WebhookEvents.Spec::file).toList(),
        List.copyOf(expected.keySet()),
        "every checked-in event has an expectation");
    return WebhookEvents.SPECS.stream()
        .map(
            s ->
                Arguments.of(
                    s,
                    expected.get(s.file())[0],
                    expected.get(s.file())[1],
                    expected.get(s.file())[2]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checkedInEvents")
  void handleRequest_shouldAnswerAsDocumented_whenGivenEachCheckedInEvent(
      WebhookEvents.Spec spec, int status, String statusField, String reason) throws Exception {
    APIGatewayV2HTTPResponse response = stack.invoke(LambdaEvents.read(spec.path()));

    Map<String, Object> body = WebhookTestStack.body(response);
    assertEquals(status, response.getStatusCode(), body.toString());
    assertEquals(statusField, body.get("status"));
    assertEquals(reason, body.get("reason"));
    List<Message> messages = stack.drain(status == 202 ? 5 : 1);
    AuditRecord audit = last();
    assertEquals(spec.deliveryId(), audit.ids().get("deliveryId"));
    assertEquals(spec.provider(), audit.ids().get("provider"));
    if (status == 202) {
      assertEquals(1, messages.size(), "exactly one job");
      AnalysisJob job = Json.read(messages.get(0).body(), AnalysisJob.class);
      assertEquals(body.get("jobId"), job.jobId());
      assertEquals(spec.deliveryId(), job.deliveryId());
      assertEquals(Provider.fromWire(spec.provider()), job.provider());
      assertEquals(
          job.messageGroupId(),
          messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
      assertEquals(
          job.deduplicationId(),
          messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
      assertEquals("accepted", audit.outcome());
      assertEquals(job.jobId(), audit.ids().get("jobId"));
      assertTrue(messages.get(0).body().length() < 4096, "metadata only, never the payload");
    } else {
      assertEquals(List.of(), messages, "nothing enqueued");
      assertEquals(statusField, audit.outcome());
      assertEquals(reason, audit.reason());
    }
  }

  @Test
  void handleRequest_shouldBuildTheJobFromThePayload_whenGitHubPullRequestIsCovered() {
    WebhookEvents.Spec spec = spec("github-pull-request-synchronize.json");
    Map<String, String> headers = new LinkedHashMap<>(WebhookEvents.headers(spec));
    headers.put("x-github-delivery", "job-shape-1");

    APIGatewayV2HTTPResponse response = stack.invoke("github", headers, spec.payload(), false);

    assertEquals(202, response.getStatusCode());
    AnalysisJob job = Json.read(stack.drain(5).get(0).body(), AnalysisJob.class);
    assertEquals("Codertocat/Hello-World", job.repository().fullName());
    assertEquals("https://github.com/Codertocat/Hello-World.git", job.repository().cloneUrl());
    assertEquals("ec26c3e57ca3a959ca5aad62de7213c562f8c821", job.commitSha());
    assertEquals("refs/pull/2/head", job.ref());
    assertEquals(2, job.pullRequest());
    assertEquals("1", job.hookId());
    assertEquals("github-21031067", job.accountId());
    assertEquals("job-shape-1", job.deliveryId());
  }

  /**
   * Defect caught: a GitLab merge request {@code update} sent for a label, title, reviewer or
   * approval change (no {@code object_attributes.oldrev}: GitLab sets it only when commits were
   * pushed) was answered 202 and queued another analysis of the commit already analyzed. Payloads
   * derived from the checked-in fixture (gitlab/merge_request.json).
   */
  @Test
  void handleRequest_shouldIgnoreAndEnqueueNothing_whenGitLabMergeRequestUpdateHasNoNewCommits() {
    Map<String, Object> relabelled = fixtureMap("gitlab/merge_request.json");
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes =
        new LinkedHashMap<>((Map<String, Object>) relabelled.get("object_attributes"));
    attributes.put("action", "update");
    attributes.remove("oldrev");
    relabelled.put("object_attributes", attributes);
    byte[] noCommits = SerdeJsonCodec.createDefault().write(relabelled);
    attributes.put("oldrev", "b83d6e391c22777fca1ed3012fce84f633d7fed0");
    byte[] newCommits = SerdeJsonCodec.createDefault().write(relabelled);
    WebhookEvents.Spec spec = spec("gitlab-merge-request.json");

    Map<String, String> h1 = new LinkedHashMap<>(WebhookEvents.headers(spec));
    h1.put("x-gitlab-event-uuid", "mr-relabel-" + System.nanoTime());
    h1.remove("idempotency-key");
    h1.remove("content-length");
    APIGatewayV2HTTPResponse relabel = stack.invoke("gitlab", h1, noCommits, false);

    assertEquals(200, relabel.getStatusCode());
    assertEquals(
        Map.of("status", "ignored", "reason", "merge-request-update-without-commits"),
        WebhookTestStack.body(relabel));
    assertEquals(List.of(), stack.drain(1), "nothing enqueued");

    Map<String, String> h2 = new LinkedHashMap<>(h1);
    h2.put("x-gitlab-event-uuid", "mr-push-" + System.nanoTime());
    APIGatewayV2HTTPResponse pushed = stack.invoke("gitlab", h2, newCommits, false);

    assertEquals(202, pushed.getStatusCode());
    AnalysisJob job = Json.read(stack.drain(5).get(0).body(), AnalysisJob.class);
    assertEquals("da1560886d4f094c3e6c9ef40349f7d38b5d27d7", job.commitSha());
    assertEquals("refs/merge-requests/1/head", job.ref());
  }

  /**
   * Defect caught: the branch name went onto the analysis queue verbatim, so a push to a branch
   * whose name holds a token (here a GitLab personal access token pasted into the name) put the
   * token in the SQS message, its DLQ copy and every consumer's view of the job, where the job is
   * "metadata only, never a token". The push is still analyzed (the commit is what is cloned); the
   * ref is carried as {@code refs/redacted}. Payload derived from the checked-in fixture
   * (gitlab/push.json).
   */
  @Test
  void handleRequest_shouldEnqueueTheJobWithoutTheToken_whenTheBranchNameHoldsOne() {
    String token = "glpat-" + "Xy7Kq2Lm9Np4Rs6Tv8Wz";
    Map<String, Object> push = fixtureMap("gitlab/push.json");
    push.put("ref", "refs/heads/fix/rotate-" + token);
    byte[] body = SerdeJsonCodec.createDefault().write(push);
    Map<String, String> headers =
        new LinkedHashMap<>(WebhookEvents.headers(spec("gitlab-push.json")));
    headers.put("x-gitlab-event-uuid", "branch-token-" + System.nanoTime());
    headers.remove("idempotency-key");
    headers.remove("content-length");

    APIGatewayV2HTTPResponse response = stack.invoke("gitlab", headers, body, false);

    assertEquals(202, response.getStatusCode(), String.valueOf(WebhookTestStack.body(response)));
    String message = stack.drain(5).get(0).body();
    assertFalse(message.contains("glpat-"), "no token on the queue: " + message);
    assertEquals("refs/redacted", Json.read(message, AnalysisJob.class).ref());
  }

  @Test
  void handleRequest_shouldEnqueueOneJob_whenTheSameDeliveryIsRedelivered() {
    WebhookEvents.Spec spec = spec("github-pull-request-synchronize.json");
    Map<String, String> headers = new LinkedHashMap<>(WebhookEvents.headers(spec));
    headers.put("x-github-delivery", "redelivered-" + System.nanoTime());

    APIGatewayV2HTTPResponse first = stack.invoke("github", headers, spec.payload(), false);
    APIGatewayV2HTTPResponse second = stack.invoke("github", headers, spec.payload(), true);

    assertEquals(202, first.getStatusCode());
    assertEquals(202, second.getStatusCode());
    assertEquals(
        WebhookTestStack.body(first).get("jobId"), WebhookTestStack.body(second).get("jobId"));
    assertEquals(1, stack.drain(5).size(), "the FIFO queue keeps one job per delivery");
  }

  @Test
  void handleRequest_shouldVerifyAndAccept_whenBodyHasMultibyteAndEmojiAsTextOrBase64() {
    // The fixture with a multibyte, emoji-laden title, edited as text so the bytes stay raw UTF-8.
    String text =
        new String(
                Fixtures.webhook("github/pull_request/opened.payload.json"), StandardCharsets.UTF_8)
            .replace(
                "\"title\": \"Update the README with new information.\"",
                "\"title\": \"Fix 🐛 in naïve café — 東京 👋🏽\"");
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    assertTrue(text.contains("🐛") && body.length > text.length(), "raw multibyte UTF-8");

    for (boolean base64 : new boolean[] {false, true}) {
      Map<String, String> headers =
          githubHeaders(body, "emoji-" + base64 + "-" + System.nanoTime());
      headers.put("content-type", "application/json; charset=utf-8");

      APIGatewayV2HTTPResponse response = stack.invoke("github", headers, body, base64);

      assertEquals(202, response.getStatusCode(), WebhookTestStack.body(response).toString());
      assertEquals(1, stack.drain(5).size());
    }
  }

  /** A rejection case: what to send and what must come back. */
  record Rejection(
      String name,
      String provider,
      Map<String, String> headers,
      byte[] body,
      int status,
      String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Rejection> rejections() {
    byte[] pr = Fixtures.webhook("github/pull_request/opened.payload.json");
    byte[] malformed = "{\"action\": \"opened\", ".getBytes(StandardCharsets.UTF_8);
    byte[] wrongShape =
        "{\"action\":\"opened\",\"installation\":{\"id\":1},\"number\":2}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] form =
        ("payload="
                + URLEncoder.encode(new String(pr, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    byte[] huge = new byte[6 * 1024 * 1024 + 1];
    Arrays.fill(huge, (byte) ' ');
    byte[] glPush = Fixtures.webhook("gitlab/push.json");
    byte[] bbPush = Fixtures.webhook("bitbucket/repo-push.json");

    Map<String, String> badSig = githubHeaders(pr, "rej-1");
    badSig.put("x-hub-signature-256", Signing.hubSignature("not-the-secret", pr));
    Map<String, String> noSig = githubHeaders(pr, "rej-2");
    noSig.remove("x-hub-signature-256");
    Map<String, String> sha1Only = githubHeaders(pr, "rej-3");
    sha1Only.remove("x-hub-signature-256");
    sha1Only.put("x-hub-signature", "sha1=0123456789abcdef0123456789abcdef01234567");
    Map<String, String> formType = githubHeaders(form, "rej-4");
    formType.put("content-type", "application/x-www-form-urlencoded");
    Map<String, String> noType = githubHeaders(pr, "rej-5");
    noType.remove("content-type");
    Map<String, String> noEvent = githubHeaders(pr, "rej-6");
    noEvent.remove("x-github-event");
    Map<String, String> noDelivery = githubHeaders(pr, "rej-7");
    noDelivery.remove("x-github-delivery");
    Map<String, String> badDelivery = githubHeaders(pr, "rej 8 <script>");
    Map<String, String> glBadToken = new LinkedHashMap<>();
    glBadToken.put("content-type", "application/json");
    glBadToken.put("x-gitlab-event", "Push Hook");
    glBadToken.put("x-gitlab-event-uuid", "rej-11");
    glBadToken.put("x-gitlab-token", "not-the-token");
    Map<String, String> bbBadSig = new LinkedHashMap<>();
    bbBadSig.put("content-type", "application/json");
    bbBadSig.put("x-event-key", "repo:push");
    bbBadSig.put("x-request-uuid", "rej-12");
    bbBadSig.put("x-hub-signature", Signing.hubSignature("not-the-secret", bbPush));

    return Stream.of(
        new Rejection("bad signature", "github", badSig, pr, 401, "signature-invalid"),
        new Rejection("missing signature", "github", noSig, pr, 401, "signature-missing"),
        new Rejection("sha1 only", "github", sha1Only, pr, 401, "sha1-signature-refused"),
        new Rejection("form encoded", "github", formType, form, 415, "unsupported-content-type"),
        new Rejection("no content type", "github", noType, pr, 415, "unsupported-content-type"),
        new Rejection(
            "no event header", "github", noEvent, pr, 400, "missing-header:x-github-event"),
        new Rejection(
            "no delivery header",
            "github",
            noDelivery,
            pr,
            400,
            "missing-header:x-github-delivery"),
        new Rejection("hostile delivery id", "github", badDelivery, pr, 400, "invalid-delivery-id"),
        new Rejection(
            "malformed json",
            "github",
            githubHeaders(malformed, "rej-9"),
            malformed,
            400,
            "malformed-json"),
        new Rejection(
            "wrong shape",
            "github",
            githubHeaders(wrongShape, "rej-10"),
            wrongShape,
            400,
            "malformed-payload"),
        new Rejection(
            "too large", "github", githubHeaders(huge, "rej-13"), huge, 413, "body-too-large"),
        new Rejection("gitlab bad token", "gitlab", glBadToken, glPush, 401, "token-invalid"),
        new Rejection(
            "bitbucket bad signature", "bitbucket", bbBadSig, bbPush, 401, "signature-invalid"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void handleRequest_shouldRejectEnqueueNothingAndAudit_whenRequestIsNotAcceptable(Rejection r) {
    int before = stack.audit().size();

    APIGatewayV2HTTPResponse response = stack.invoke(r.provider(), r.headers(), r.body(), false);

    assertEquals(r.status(), response.getStatusCode());
    assertEquals(
        Map.of("status", "rejected", "reason", r.reason()), WebhookTestStack.body(response));
    assertEquals(List.of(), stack.drain(1), "nothing enqueued");
    List<AuditRecord> written = stack.audit().subList(before, stack.audit().size());
    assertEquals(1, written.size(), "exactly one audit record");
    assertEquals("rejected", written.get(0).outcome());
    assertEquals(r.reason(), written.get(0).reason());
    assertEquals(r.provider(), written.get(0).ids().get("provider"));
    String auditText = stack.auditText();
    assertFalse(auditText.contains(WebhookEvents.TEST_SECRET), "no secret in the audit log");
    assertFalse(auditText.contains("not-the-secret"));
    assertFalse(auditText.contains("<script>"), "no unvalidated header value in the audit log");
    String sig = r.headers().get("x-hub-signature-256");
    if (sig != null) {
      assertFalse(auditText.contains(sig.substring(7)), "no signature in the audit log");
    }
  }

  @Test
  void handleRequest_shouldIgnore_whenInstallationIsUnknownOrRepositoryNotCovered() {
    Map<String, Object> unknown = fixtureMap("github/pull_request/opened.payload.json");
    unknown.put("installation", Map.of("id", 424242L));
    Map<String, Object> uncovered = fixtureMap("github/pull_request/opened.payload.json");
    @SuppressWarnings("unchecked")
    Map<String, Object> repo = (Map<String, Object>) uncovered.get("repository");
    repo.put("id", 999L);

    assertIgnored(unknown, "installation-unknown");
    assertIgnored(uncovered, "repository-not-covered");
  }

  @Test
  void installationEvents_shouldCreateTheAccountAndTrackCoverage_whenCreatedAddedAndDeleted() {
    for (String file :
        List.of(
            "github-installation-created.json",
            "github-installation-repositories-added.json",
            "github-installation-deleted.json")) {
      assertEquals(
          200, stack.invoke(LambdaEvents.readUnchecked(spec(file).path())).getStatusCode());
    }
    stack.drain(1);
    InstallationDirectory installations = stack.context().getBean(InstallationDirectory.class);

    InstallationRecord created = installations.find("957387").orElseThrow();
    assertEquals(InstallationRecord.Status.ACTIVE, created.status());
    assertEquals("github-21031067", created.accountId());
    assertEquals(
        List.of("186853002", "186853007"),
        created.repositories().stream().map(CoveredRepository::id).toList());
    assertTrue(
        stack
            .context()
            .getBean(dev.airlock.core.state.StateStore.class)
            .get(StateKeys.accountProfile("github-21031067"))
            .isPresent(),
        "installation.created creates the account");
    assertEquals(InstallationRecord.Status.DELETED, installations.find("2").orElseThrow().status());

    Map<String, Object> afterDeletion = fixtureMap("github/pull_request/opened.payload.json");
    afterDeletion.put("installation", Map.of("id", 2L));
    assertIgnored(afterDeletion, "installation-deleted");
  }

  @Test
  @SuppressWarnings("unchecked")
  void installationCreated_shouldBeIgnoredAndRecordNothing_whenTheAccountWasDeleted() {
    Map<String, Object> payload = fixtureMap("github/installation/created.payload.json");
    Map<String, Object> installation = (Map<String, Object>) payload.get("installation");
    long installationId = 900_000_000L + (System.nanoTime() % 99_999_999L);
    long hostAccountId = 800_000_000L + (System.nanoTime() % 99_999_999L);
    installation.put("id", installationId);
    ((Map<String, Object>) installation.get("account")).put("id", hostAccountId);
    String account = "github-" + hostAccountId;
    dev.airlock.core.state.StateStore store =
        stack.context().getBean(dev.airlock.core.state.StateStore.class);
    store.createIfAbsent(
        StateKeys.deletionProgress(account),
        ("{\"accountId\":\"" + account + "\"}").getBytes(StandardCharsets.UTF_8),
        Map.of());
    byte[] body = SerdeJsonCodec.createDefault().write(payload);
    // Hex, not decimal: 14 decimal digits of nanoTime are card-shaped (Luhn) one time in ten while
    // the uptime is 6.2-7.6 h, and the audit log then refuses the record (no accountId to check).
    Map<String, String> headers =
        new LinkedHashMap<>(githubHeaders(body, "del-" + Long.toHexString(System.nanoTime())));
    headers.put("x-github-event", "installation");

    APIGatewayV2HTTPResponse response = stack.invoke("github", headers, body, false);

    assertEquals(200, response.getStatusCode());
    assertEquals(
        Map.of("status", "ignored", "reason", "account-deleted"), WebhookTestStack.body(response));
    assertTrue(
        stack
            .context()
            .getBean(InstallationDirectory.class)
            .find(Long.toString(installationId))
            .isEmpty(),
        "no installation record routes work to a deleted account");
    assertTrue(store.get(StateKeys.accountProfile(account)).isEmpty());
    assertEquals(account, last().ids().get("accountId"));
    assertEquals("ignored", last().outcome());
  }

  @Test
  void handleRequest_shouldRegisterNoLambdaContextBean_whenInvoked() {
    Map<String, Object> payload = fixtureMap("github/pull_request/opened.payload.json");
    payload.put("installation", Map.of("id", 424242L));
    assertIgnored(payload, "installation-unknown");

    // Micronaut AWS's request handlers register the invocation's Context (and its logger) as
    // context-wide singletons, scanning every bean definition, on every request; the plain
    // handler must not bring that cost (or that race between concurrent requests) back.
    assertFalse(
        stack.context().containsBean(com.amazonaws.services.lambda.runtime.Context.class),
        "no per-invocation Context singleton");
  }

  @Test
  void handleRequest_shouldAnswerJsonNotFoundAndMethodNotAllowed_whenRouteOrMethodIsWrong() {
    Map<String, Object> event =
        WebhookEvents.event(
            "unknown",
            Map.of("content-type", "application/json"),
            new byte[] {'{', '}'},
            false,
            "r");
    APIGatewayV2HTTPResponse notFound =
        stack.invoke(LambdaEvents.read(SerdeJsonCodec.createDefault().write(event)));
    @SuppressWarnings("unchecked")
    Map<String, Object> http =
        (Map<String, Object>)
            ((Map<String, Object>)
                    WebhookEvents.event("github", Map.of(), new byte[] {'{', '}'}, false, "r")
                        .get("requestContext"))
                .get("http");
    Map<String, Object> get =
        WebhookEvents.event("github", Map.of(), new byte[] {'{', '}'}, false, "r");
    @SuppressWarnings("unchecked")
    Map<String, Object> ctx = new LinkedHashMap<>((Map<String, Object>) get.get("requestContext"));
    Map<String, Object> getHttp = new LinkedHashMap<>(http);
    getHttp.put("method", "GET");
    ctx.put("http", getHttp);
    get.put("requestContext", ctx);
    APIGatewayV2HTTPResponse notAllowed =
        stack.invoke(LambdaEvents.read(SerdeJsonCodec.createDefault().write(get)));

    assertEquals(404, notFound.getStatusCode());
    assertEquals(
        Map.of("status", "rejected", "reason", "not-found"), WebhookTestStack.body(notFound));
    assertEquals(405, notAllowed.getStatusCode());
    assertEquals(
        Map.of("status", "rejected", "reason", "method-not-allowed"),
        WebhookTestStack.body(notAllowed));
  }

  private static void assertIgnored(Map<String, Object> payload, String reason) {
    byte[] body = SerdeJsonCodec.createDefault().write(payload);
    APIGatewayV2HTTPResponse response =
        stack.invoke("github", githubHeaders(body, "ign-" + System.nanoTime()), body, false);
    assertEquals(200, response.getStatusCode());
    assertEquals(Map.of("status", "ignored", "reason", reason), WebhookTestStack.body(response));
    assertEquals(List.of(), stack.drain(1));
  }

  static Map<String, String> githubHeaders(byte[] body, String delivery) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-type", "application/json");
    h.put("x-github-event", "pull_request");
    h.put("x-github-delivery", delivery);
    h.put("x-hub-signature-256", Signing.hubSignature(WebhookEvents.TEST_SECRET, body));
    return h;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> fixtureMap(String path) {
    return (Map<String, Object>) SerdeJsonCodec.createDefault().read(Fixtures.webhook(path));
  }

  private static WebhookEvents.Spec spec(String file) {
    return WebhookEvents.SPECS.stream()
        .filter(s -> s.file().equals(file))
        .findFirst()
        .orElseThrow();
  }

  private static AuditRecord last() {
    List<AuditRecord> all = stack.audit();
    return all.get(all.size() - 1);
  }
}
