package dev.airlock.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.airlock.core.json.Json;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import dev.airlock.webhook.adapter.SerdeJsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Adversarial and unusual-but-valid requests through the real API Gateway v2 translation, beyond
 * the checked-in events: header spellings, malformed and hostile bodies, events of hosts and
 * variants the function does not analyze. Each gets a clear 2xx-ignored or 4xx (never a 5xx), and
 * nothing but an accepted request puts a job on the queue.
 */
@ExtendWith(LocalAwsExtension.class)
class WebhookAttacksIT {
  private static final String SECRET = WebhookEvents.TEST_SECRET;
  private static WebhookTestStack stack;

  @BeforeAll
  static void start(LocalAws aws) {
    stack = new WebhookTestStack(aws, Map.of());
    stack.installFixtureRepository();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /** One request and the answer it must get (reason null: accepted work). */
  record Attack(
      String name,
      String provider,
      Map<String, String> headers,
      byte[] body,
      int status,
      String reason,
      boolean base64Only) {
    Attack(
        String name,
        String provider,
        Map<String, String> headers,
        byte[] body,
        int status,
        String reason) {
      this(name, provider, headers, body, status, reason, false);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final byte[] PR = Fixtures.webhook("github/pull_request/opened.payload.json");

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, String> github(byte[] body, String event, String delivery) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-type", "application/json");
    h.put("x-github-event", event);
    h.put("x-github-delivery", delivery + "-" + System.nanoTime());
    h.put("x-hub-signature-256", Signing.hubSignature(SECRET, body));
    return h;
  }

  /** Bitbucket Server / Data Center: X-Request-Id, not Cloud's X-Request-UUID. */
  static Map<String, String> bitbucketServer(byte[] body, String eventKey) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("content-type", "application/json; charset=utf-8");
    h.put("x-event-key", eventKey);
    h.put("x-request-id", "6b7fbfa2-1b1e-4c55-8a53-" + Long.toHexString(System.nanoTime()));
    h.put("x-hub-signature", Signing.hubSignature(SECRET, body));
    return h;
  }

  static Stream<Attack> attacks() {
    String goodSig = Signing.hubSignature(SECRET, PR);
    Map<String, String> upperHex = github(PR, "pull_request", "upper-hex");
    upperHex.put("x-hub-signature-256", "sha256=" + goodSig.substring(7).toUpperCase(Locale.ROOT));
    Map<String, String> padded = github(PR, "pull_request", "padded");
    // API Gateway trims white space around values; the function does too (WebhookFunction).
    padded.put("x-hub-signature-256", " \t" + goodSig + " \t");
    Map<String, String> controlChar = github(PR, "pull_request", "control-char");
    controlChar.put("x-hub-signature-256", goodSig + "\u0000");
    Map<String, String> headerSplit = github(PR, "pull_request", "header-split");
    headerSplit.put("x-github-event", "pull_request\r\nx-injected: 1");
    Map<String, String> upperPrefix = github(PR, "pull_request", "upper-prefix");
    upperPrefix.put("x-hub-signature-256", "SHA256=" + goodSig.substring(7));
    Map<String, String> sha512 = github(PR, "pull_request", "sha512");
    sha512.put("x-hub-signature-256", "sha512=" + goodSig.substring(7));
    Map<String, String> noPrefix = github(PR, "pull_request", "no-prefix");
    noPrefix.put("x-hub-signature-256", goodSig.substring(7));
    Map<String, String> shortHex = github(PR, "pull_request", "short-hex");
    shortHex.put("x-hub-signature-256", goodSig.substring(0, goodSig.length() - 1));
    Map<String, String> longHex = github(PR, "pull_request", "long-hex");
    longHex.put("x-hub-signature-256", goodSig + "0");
    Map<String, String> combined = github(PR, "pull_request", "combined");
    // API Gateway v2 joins a repeated header with commas.
    combined.put("x-hub-signature-256", goodSig + "," + goodSig);
    Map<String, String> emptySig = github(PR, "pull_request", "empty-sig");
    emptySig.put("x-hub-signature-256", "");
    Map<String, String> sha1Valued = github(PR, "pull_request", "sha1-in-256");
    sha1Valued.put("x-hub-signature-256", "sha1=0123456789abcdef0123456789abcdef01234567");
    Map<String, String> mixedCase = new LinkedHashMap<>();
    github(PR, "pull_request", "mixed-case").forEach((k, v) -> mixedCase.put(mixedCase(k), v));
    Map<String, String> longEvent = github(PR, "x".repeat(65), "long-event");
    Map<String, String> unicodeEvent = github(PR, "pull_réquest", "unicode-event");

    byte[] notJson = utf8("payload=not-json");
    byte[] array = utf8("[1,2,3]");
    byte[] nullJson = utf8("null");
    byte[] deep = utf8("[".repeat(100_000) + "]".repeat(100_000));
    byte[] deepObject = utf8("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000));
    String prText = new String(PR, StandardCharsets.UTF_8);
    byte[] hugeId =
        utf8(
            prText.replaceFirst(
                "\"installation\": \\{\\s*\"id\": 1",
                "\"installation\": {\"id\": 1" + "0".repeat(400)));
    byte[] floatId =
        utf8(
            prText.replaceFirst(
                "\"installation\": \\{\\s*\"id\": 1", "\"installation\": {\"id\": 1e3"));
    byte[] negativeNumber = utf8(prText.replaceFirst("\"number\": 2,", "\"number\": -2,"));
    byte[] hostileUrl =
        utf8(
            prText.replace(
                "\"clone_url\": \"https://github.com/Codertocat/Hello-World.git\"",
                "\"clone_url\": \"file:///etc/passwd\""));
    byte[] bom = new byte[PR.length + 3];
    bom[0] = (byte) 0xEF;
    bom[1] = (byte) 0xBB;
    bom[2] = (byte) 0xBF;
    System.arraycopy(PR, 0, bom, 3, PR.length);
    byte[] invalidUtf8 = new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};

    Map<String, String> glEmpty = new LinkedHashMap<>();
    glEmpty.put("content-type", "application/json");
    glEmpty.put("x-gitlab-event", "Push Hook");
    glEmpty.put("x-gitlab-event-uuid", "gl-empty-" + System.nanoTime());
    glEmpty.put("x-gitlab-token", "");
    Map<String, String> glPrefix = new LinkedHashMap<>(glEmpty);
    glPrefix.put("x-gitlab-event-uuid", "gl-prefix-" + System.nanoTime());
    glPrefix.put("x-gitlab-token", SECRET.substring(0, SECRET.length() - 1));
    Map<String, String> glLonger = new LinkedHashMap<>(glEmpty);
    glLonger.put("x-gitlab-event-uuid", "gl-longer-" + System.nanoTime());
    glLonger.put("x-gitlab-token", SECRET + "x");
    Map<String, String> glCombined = new LinkedHashMap<>(glEmpty);
    glCombined.put("x-gitlab-event-uuid", "gl-combined-" + System.nanoTime());
    glCombined.put("x-gitlab-token", SECRET + "," + SECRET);
    byte[] glPush = Fixtures.webhook("gitlab/push.json");

    byte[] bbPush = Fixtures.webhook("bitbucket/repo-push.json");
    Map<String, String> bbSha1 = new LinkedHashMap<>();
    bbSha1.put("content-type", "application/json");
    bbSha1.put("x-event-key", "repo:push");
    bbSha1.put("x-request-uuid", "bb-sha1-" + System.nanoTime());
    bbSha1.put("x-hub-signature", "sha1=0123456789abcdef0123456789abcdef01234567");

    byte[] serverPing = utf8("{\"test\":true}");
    byte[] serverPush =
        utf8(
            "{\"eventKey\":\"repo:refs_changed\",\"date\":\"2017-09-19T09:58:11+1000\","
                + "\"actor\":{\"name\":\"admin\",\"id\":1},"
                + "\"repository\":{\"slug\":\"repository\",\"id\":84,\"name\":\"repository\","
                + "\"project\":{\"key\":\"PROJ\",\"id\":84},\"public\":false},"
                + "\"changes\":[{\"ref\":{\"id\":\"refs/heads/master\",\"displayId\":\"master\","
                + "\"type\":\"BRANCH\"},\"refId\":\"refs/heads/master\","
                + "\"fromHash\":\"ecddabb624f6f5ba43816f5926e580a5f680a932\","
                + "\"toHash\":\"178864a7d521b6f5e720b386b2c2b0ef8563e0dc\",\"type\":\"UPDATE\"}]}");
    Map<String, String> serverBadSig = bitbucketServer(serverPush, "repo:refs_changed");
    serverBadSig.put("x-hub-signature", Signing.hubSignature("not-the-secret", serverPush));

    return Stream.of(
        new Attack("signature hex in upper case", "github", upperHex, PR, 202, null),
        new Attack("signature padded with whitespace", "github", padded, PR, 202, null),
        new Attack("control character in a header", "github", controlChar, PR, 400, "bad-request"),
        new Attack("CR LF inside a header value", "github", headerSplit, PR, 400, "bad-request"),
        new Attack("header names in mixed case", "github", mixedCase, PR, 202, null),
        new Attack("SHA256= prefix", "github", upperPrefix, PR, 401, "signature-malformed"),
        new Attack("sha512= prefix", "github", sha512, PR, 401, "signature-malformed"),
        new Attack("hex without prefix", "github", noPrefix, PR, 401, "signature-malformed"),
        new Attack("63 hex digits", "github", shortHex, PR, 401, "signature-malformed"),
        new Attack("65 hex digits", "github", longHex, PR, 401, "signature-malformed"),
        new Attack("repeated header joined", "github", combined, PR, 401, "signature-malformed"),
        new Attack("empty signature", "github", emptySig, PR, 401, "signature-missing"),
        new Attack(
            "sha1 value in sha256 header", "github", sha1Valued, PR, 401, "signature-malformed"),
        new Attack(
            "event type too long", "github", longEvent, PR, 400, "invalid-header:x-github-event"),
        new Attack(
            "event type not ASCII",
            "github",
            unicodeEvent,
            PR,
            400,
            "invalid-header:x-github-event"),
        new Attack(
            "signed body not JSON",
            "github",
            github(notJson, "push", "nj"),
            notJson,
            400,
            "malformed-json"),
        new Attack(
            "signed JSON array",
            "github",
            github(array, "push", "arr"),
            array,
            400,
            "malformed-payload"),
        new Attack(
            "signed JSON null",
            "github",
            github(nullJson, "push", "null"),
            nullJson,
            400,
            "malformed-json"),
        new Attack(
            "signed 100k-deep array",
            "github",
            github(deep, "push", "deep"),
            deep,
            400,
            "malformed-json"),
        new Attack(
            "signed 5k-deep object",
            "github",
            github(deepObject, "push", "deepo"),
            deepObject,
            400,
            "malformed-json"),
        new Attack(
            "installation id of 400 digits",
            "github",
            github(hugeId, "pull_request", "huge"),
            hugeId,
            400,
            "malformed-payload"),
        new Attack(
            "installation id as float",
            "github",
            github(floatId, "pull_request", "float"),
            floatId,
            400,
            "malformed-payload"),
        new Attack(
            "negative pull request number",
            "github",
            github(negativeNumber, "pull_request", "neg"),
            negativeNumber,
            400,
            "malformed-payload"),
        new Attack(
            "file: clone URL",
            "github",
            github(hostileUrl, "pull_request", "url"),
            hostileUrl,
            400,
            "malformed-payload"),
        new Attack(
            // verified over the bytes as sent; the JSON parser skips the BOM
            "body with a BOM", "github", github(bom, "pull_request", "bom"), bom, 202, null),
        new Attack(
            "body not UTF-8",
            "github",
            github(invalidUtf8, "push", "utf8"),
            invalidUtf8,
            400,
            "malformed-json",
            true),
        new Attack("gitlab empty token", "gitlab", glEmpty, glPush, 401, "token-missing"),
        new Attack("gitlab token prefix", "gitlab", glPrefix, glPush, 401, "token-invalid"),
        new Attack("gitlab token plus a char", "gitlab", glLonger, glPush, 401, "token-invalid"),
        new Attack("gitlab token repeated", "gitlab", glCombined, glPush, 401, "token-invalid"),
        new Attack(
            "bitbucket sha1 signature", "bitbucket", bbSha1, bbPush, 401, "signature-malformed"),
        new Attack(
            "bitbucket server ping",
            "bitbucket",
            bitbucketServer(serverPing, "diagnostics:ping"),
            serverPing,
            200,
            "ping"),
        new Attack(
            "bitbucket server refs changed",
            "bitbucket",
            bitbucketServer(serverPush, "repo:refs_changed"),
            serverPush,
            200,
            "event-not-supported"),
        new Attack(
            "bitbucket server bad signature",
            "bitbucket",
            serverBadSig,
            serverPush,
            401,
            "signature-invalid"));
  }

  @Test
  void handleRequest_shouldAnswer400AndEnqueueNothing_whenBodyIsFlaggedBase64ButIsNot() {
    Map<String, Object> event =
        WebhookEvents.event(
            "github", github(PR, "pull_request", "bad-base64"), PR, true, "req-bad-base64");
    event.put("body", "this is not base64!");

    APIGatewayV2HTTPResponse response =
        stack.invoke(LambdaEvents.read(SerdeJsonCodec.createDefault().write(event)));

    assertEquals(400, response.getStatusCode(), response.getBody());
    assertEquals("bad-request", WebhookTestStack.body(response).get("reason"));
    assertEquals(List.of(), stack.drain(1), "nothing enqueued");
  }

  private static String mixedCase(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      b.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
    }
    return b.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void handleRequest_shouldAnswerClearlyAndEnqueueOnlyAcceptedWork_whenRequestIsUnusual(Attack a) {
    for (boolean base64 : a.base64Only() ? new boolean[] {true} : new boolean[] {false, true}) {
      Map<String, String> headers = new LinkedHashMap<>(a.headers());
      headers.replaceAll((k, v) -> k.equalsIgnoreCase("x-github-delivery") ? v + "-" + base64 : v);

      APIGatewayV2HTTPResponse response = stack.invoke(a.provider(), headers, a.body(), base64);

      assertEquals(
          a.status(), response.getStatusCode(), a + " base64=" + base64 + " " + response.getBody());
      Map<String, Object> body = WebhookTestStack.body(response);
      List<Message> messages = stack.drain(a.status() == 202 ? 5 : 1);
      if (a.status() == 202) {
        assertEquals(1, messages.size(), "exactly one job");
        assertEquals(
            body.get("jobId"), Json.read(messages.get(0).body(), AnalysisJob.class).jobId());
      } else {
        assertEquals(a.reason(), body.get("reason"), a.toString());
        assertEquals(List.of(), messages, "nothing enqueued");
      }
    }
    assertFalse(stack.auditText().contains(SECRET), "no secret in the audit log");
  }

  @Test
  void handleRequest_shouldAnalyzeTheTaggedCommit_whenGitHubPushCreatesAnAnnotatedTag() {
    String text =
        new String(
            Fixtures.webhook("github/push/with-installation.payload.json"), StandardCharsets.UTF_8);
    @SuppressWarnings("unchecked")
    Map<String, Object> push =
        (Map<String, Object>) SerdeJsonCodec.createDefault().read(utf8(text));
    push.put("deleted", false);
    push.put("created", true);
    push.put("after", "d2b75aa7797ec26b088fa2dd527e9d2c052fcedd");
    push.put("head_commit", Map.of("id", "6113728f27ae82c7b1a177c8d03f9e96e0adf246"));
    byte[] body = SerdeJsonCodec.createDefault().write(push);

    APIGatewayV2HTTPResponse response =
        stack.invoke("github", github(body, "push", "annotated-tag"), body, false);

    assertEquals(202, response.getStatusCode(), response.getBody());
    List<Message> messages = stack.drain(5);
    assertEquals(1, messages.size());
    AnalysisJob job = Json.read(messages.get(0).body(), AnalysisJob.class);
    assertEquals("6113728f27ae82c7b1a177c8d03f9e96e0adf246", job.commitSha());
    assertEquals("refs/tags/simple-tag", job.ref());
  }
}
