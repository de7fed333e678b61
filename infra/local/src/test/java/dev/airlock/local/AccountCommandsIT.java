package dev.airlock.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.s3.S3StateStore;
import dev.airlock.core.crypto.Digests;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.AccountSettings;
import dev.airlock.core.tenant.TenantDocuments;
import dev.airlock.core.tenant.TenantKeys;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.emulators.stack.LocalResources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * The account operator commands against a running local stack, through the CLI entry point: {@code
 * set-account --delete-on-cancel} then Stripe's {@code customer.subscription.deleted} through the
 * API Gateway stand-in → the billing function's request on the account-deletion queue → the
 * accounts function behind the SQS event source deletes the account; and {@code audit-export} /
 * {@code verify-receipts} with the documented shell recipe run on the exported file.
 */
class AccountCommandsIT {
  private static final String STRIPE_SECRET =
      "whsec_" + UUID.randomUUID().toString().replace("-", "");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static LocalStack stack;
  private static Path state;
  private static Path endpointsFile;

  @BeforeAll
  static void start() throws Exception {
    state = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "account-cli-it-");
    stack =
        LocalStack.start(
            new LocalStackOptions(
                0,
                state.resolve("stack"),
                state.resolve("repos"),
                false,
                Map.of("stripe.webhook.secret", STRIPE_SECRET)));
    endpointsFile = state.resolve("endpoints.json");
    Files.writeString(endpointsFile, JSON.writeValueAsString(stack.endpoints(JSON)) + "\n");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String enroll(String prefix) {
    String account = prefix + "-" + Long.toString(System.nanoTime(), 36);
    Run r =
        cli(
            "enroll",
            "--endpoints-file",
            endpointsFile.toString(),
            "--provider",
            "gitlab",
            "--repository",
            "acme/" + account,
            "--account",
            account);
    assertEquals(0, r.code(), r.err());
    return account;
  }

  private static Path repoRoot() {
    return Path.of(System.getProperty("airlock.repo.root", "../.."));
  }

  /** The checked-in deleted event, re-aimed: new ids, the account in the metadata. */
  private static byte[] subscriptionEvent(
      String eventId, String type, long created, String account, String sub, String status)
      throws Exception {
    JsonNode api =
        JSON.readTree(
            Files.readString(
                repoRoot().resolve("events/billing/customer-subscription-deleted.json")));
    ObjectNode event = (ObjectNode) JSON.readTree(api.path("body").asText());
    event.put("id", eventId);
    event.put("type", type);
    event.put("created", created);
    ObjectNode object = (ObjectNode) event.path("data").path("object");
    object.put("id", sub);
    object.put("customer", "cus_" + sub.substring(4));
    object.put("status", status);
    object.putObject("metadata").put("airlock_account_id", account);
    return JSON.writeValueAsBytes(event);
  }

  private static HttpResponse<String> postStripe(byte[] body) throws Exception {
    long t = Instant.now().getEpochSecond();
    String v1 =
        Demo.hmacHex(
            STRIPE_SECRET,
            (t + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.gateway().baseUrl() + "/webhooks/stripe"))
            .header("Content-Type", "application/json")
            .header("Stripe-Signature", "t=" + t + ",v1=" + v1)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String reason(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).path("reason").asText();
  }

  private static boolean exists(String key) {
    return stack
        .aws()
        .s3()
        .listObjectsV2(l -> l.bucket(LocalResources.STATE_BUCKET.name()).prefix(key))
        .contents()
        .stream()
        .anyMatch(o -> o.key().equals(key));
  }

  private static TenantDocuments documents() {
    return new TenantDocuments(
        new S3StateStore(
            stack.aws().s3(),
            LocalResources.STATE_BUCKET.name(),
            stack.aws().keyId(LocalResources.STATE_KEY.logicalId())),
        new TenantVault(new KmsDataKeyProvider(stack.aws().kms()), TenantKeys::aliasFor));
  }

  private static long auditLinesContaining(String text) throws Exception {
    return Files.readAllLines(stack.auditLogFile()).stream().filter(l -> l.contains(text)).count();
  }

  @Test
  void subscriptionDeleted_shouldDeleteOnlyTheAccountSetToDeleteOnCancel_onceThroughTheQueue()
      throws Exception {
    String gone = enroll("cancel");
    String kept = enroll("keep");
    String u = Long.toString(System.nanoTime(), 36);
    long deliveriesBefore = stack.accountDeletionEventSource().invocations();

    Run set =
        cli(
            "set-account",
            "--endpoints-file",
            endpointsFile.toString(),
            "--account",
            gone,
            "--delete-on-cancel",
            "true");
    assertEquals(0, set.code(), set.err());
    assertEquals(
        Map.of("account", gone, "deleteOnCancel", true, "changed", true),
        JSON.readValue(set.out(), Map.class));
    Run unknown =
        cli(
            "set-account",
            "--endpoints-file",
            endpointsFile.toString(),
            "--account",
            "never-enrolled-" + u,
            "--delete-on-cancel",
            "true");
    assertEquals(1, unknown.code(), "an account without a profile is refused: " + unknown.out());
    Run bad =
        cli(
            "set-account",
            "--endpoints-file",
            endpointsFile.toString(),
            "--account",
            gone,
            "--delete-on-cancel",
            "yes");
    assertEquals(2, bad.code());

    long t = Instant.now().getEpochSecond();
    // The account without the setting: canceled, kept.
    assertEquals(
        "subscription-applied",
        reason(
            postStripe(
                subscriptionEvent(
                    "evt_keep" + u,
                    "customer.subscription.deleted",
                    t,
                    kept,
                    "sub_keep" + u,
                    "canceled"))));
    // The delete-on-cancel account: active now; the end of another, older subscription is
    // recorded but requests nothing while this one is live; the real deletion does, once, however
    // often Stripe delivers it.
    assertEquals(
        "subscription-applied",
        reason(
            postStripe(
                subscriptionEvent(
                    "evt_upd" + u,
                    "customer.subscription.updated",
                    t,
                    gone,
                    "sub_gone" + u,
                    "active"))));
    assertEquals(
        "subscription-applied",
        reason(
            postStripe(
                subscriptionEvent(
                    "evt_old" + u,
                    "customer.subscription.deleted",
                    t - 100,
                    gone,
                    "sub_older" + u,
                    "canceled"))));
    byte[] deleted =
        subscriptionEvent(
            "evt_del" + u,
            "customer.subscription.deleted",
            t + 1,
            gone,
            "sub_gone" + u,
            "canceled");
    assertEquals("subscription-applied", reason(postStripe(deleted)));
    assertEquals("duplicate", reason(postStripe(deleted)));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!exists(StateKeys.deletionCertificate(gone)) && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertTrue(exists(StateKeys.deletionCertificate(gone)), "the queued deletion completed");
    JsonNode cert =
        JSON.readTree(
            stack
                .aws()
                .s3()
                .getObjectAsBytes(
                    g ->
                        g.bucket(LocalResources.STATE_BUCKET.name())
                            .key(StateKeys.deletionCertificate(gone)))
                .asByteArray());
    assertEquals("subscription-canceled", cert.path("reason").asText());
    assertEquals("stripe:evt_del" + u, cert.path("requestedBy").asText());
    assertEquals(
        KeyState.PENDING_DELETION,
        stack
            .aws()
            .kmsReplica()
            .describeKey(k -> k.keyId(TenantKeys.aliasFor(gone)))
            .keyMetadata()
            .keyState());
    assertFalse(exists(StateKeys.accountProfile(gone)));

    // Give a second (wrong) request time to arrive: there is none.
    Thread.sleep(3000);
    assertEquals(1, stack.accountDeletionEventSource().invocations() - deliveriesBefore);
    assertEquals(1, auditLinesContaining("\"deletionRequested\":\"true\""));
    assertFalse(exists(StateKeys.deletionProgress(kept)), "the other account has no tombstone");
    assertFalse(new AccountSettings(documents()).deleteOnCancel(kept), "and still decrypts");
    assertTrue(exists(StateKeys.billing(kept)));
  }

  @Test
  void auditExport_shouldPassTheDocumentedShellRecipe_andFailItWhenAReceiptIsTampered()
      throws Exception {
    String account = enroll("audit");
    // A chain of three purge receipts, sealed as the analyze function seals them.
    TenantDocuments docs = documents();
    String previous = "0".repeat(64);
    List<String> receipts = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      String receipt =
          "{\"version\":1,\"sequence\":"
              + n
              + ",\"previousReceiptSha256\":\""
              + previous
              + "\",\"accountId\":\""
              + account
              + "\",\"jobId\":\"job-"
              + n
              + "\",\"purgedAt\":\"2026-01-01T00:00:0"
              + n
              + "Z\"}";
      byte[] bytes = receipt.getBytes(StandardCharsets.UTF_8);
      assertTrue(docs.create(account, "receipt", StateKeys.receipt(account, n), bytes).written());
      receipts.add(receipt);
      previous = Digests.sha256Hex(bytes);
    }
    cli(
        "set-account",
        "--endpoints-file",
        endpointsFile.toString(),
        "--account",
        account,
        "--delete-on-cancel",
        "false");
    Path export = state.resolve("export-" + account + ".jsonl");

    Run r =
        cli(
            "audit-export",
            "--endpoints-file",
            endpointsFile.toString(),
            "--account",
            account,
            "--out",
            export.toString());

    assertEquals(0, r.code(), r.err());
    JsonNode summary = JSON.readTree(r.out());
    assertEquals(3, summary.path("receipts").asInt());
    assertTrue(summary.path("auditRecords").asInt() >= 1, r.out());
    assertTrue(summary.path("chain").path("valid").asBoolean());
    List<String> lines = Files.readAllLines(export);
    assertEquals(receipts, lines.subList(lines.size() - 3, lines.size()), "exactly as stored");
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("\"action\":\"account.settings\"")),
        "the account's own audit records come first");
    assertTrue(lines.stream().allMatch(l -> l.contains(account)), "nothing of another account");
    // Without --out the same lines go to standard output.
    Run toStdout =
        cli("audit-export", "--endpoints-file", endpointsFile.toString(), "--account", account);
    assertEquals(String.join("\n", lines) + "\n", toStdout.out());

    Run verified = cli("verify-receipts", "--file", export.toString());
    assertEquals(0, verified.code(), verified.err());
    assertEquals(previous, JSON.readTree(verified.out()).path("headSha256").asText());
    assertEquals(3, JSON.readTree(verified.out()).path("receipts").asInt());

    Path dir = Files.createTempDirectory(state, "recipe-");
    Files.copy(export, dir.resolve("export.jsonl"));
    Run shell = recipe(dir);
    assertEquals(0, shell.code(), shell.err());
    assertEquals("chain ok\n", shell.out());

    // One changed character in the middle receipt: the recipe and the CLI both refuse.
    List<String> tampered = new ArrayList<>(lines);
    int middle = lines.size() - 2;
    tampered.set(middle, lines.get(middle).replace("job-2", "job-9"));
    Files.write(dir.resolve("export.jsonl"), tampered);
    Run broken = recipe(dir);
    assertEquals(1, broken.code(), broken.out());
    assertFalse(broken.out().contains("chain ok"));
    assertTrue(broken.err().contains("broken at:"), broken.err());
    Run refused = cli("verify-receipts", "--file", dir.resolve("export.jsonl").toString());
    assertEquals(1, refused.code());
    assertEquals(3, JSON.readTree(refused.out()).path("brokenAt").asInt());
  }

  /** The shell recipe exactly as functions/accounts/README.md documents it, run in {@code dir}. */
  private static Run recipe(Path dir) throws Exception {
    String readme = Files.readString(repoRoot().resolve("functions/accounts/README.md"));
    int start = readme.indexOf("```sh\n", readme.indexOf("without Airlock, with a shell"));
    assertTrue(start > 0, "the README documents the recipe");
    String script = readme.substring(start + 6, readme.indexOf("```", start + 6));
    Process p =
        new ProcessBuilder("bash", "-c", script)
            .directory(dir.toFile())
            .redirectErrorStream(false)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out, err);
  }
}
