package dev.airlock.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.core.crypto.EnvelopeCipher;
import dev.airlock.emulators.codehost.FixtureRepositories;
import dev.airlock.testkit.CanaryScanner;
import dev.airlock.testkit.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole running stack, as a user runs it from the README ({@code java -jar airlock-local.jar
 * serve} in its own JVM, secrets in its environment), driven end to end with canaries planted in
 * everything a code host or Stripe sends: GitHub, GitLab and Bitbucket pushes (commit messages,
 * author names and e-mails, pusher, repository description, branch names) and a GitHub repository
 * whose files hold an AWS-key-, a GitHub-token- and a Stripe-key-shaped canary and plain source
 * text; Stripe events whose metadata, customer e-mail and name, description, {@code
 * payment_method_details.card.last4} and a full test card number carry canaries. Then a backup, a
 * verify in both regions, a restore and an account deletion, through the CLI. Then every canary is
 * searched for everywhere the stack writes: every version of every object in every bucket of both
 * regions (raw, and decrypted with the stack's own envelope code wherever an object is sealed —
 * restored objects included), what {@code inspect} shows decrypted before the deletion, every queue
 * and dead-letter queue, every HTTP answer and CLI output, {@code serve}'s stdout and stderr, and
 * every file under its state directory and its temp directory (sandboxes, work dirs).
 *
 * <p>What may be kept and what never, from DESIGN.md's promises:
 *
 * <ul>
 *   <li><b>Never, anywhere</b> (promises 4 and 5, and the job being "metadata only"): secrets in
 *       repository files (kept only as salted fingerprints), source text, card numbers and card
 *       fields, and what Stripe or a code host sends about people or as free text — customer e-mail
 *       and name, metadata, descriptions, commit messages, author and pusher names and e-mails,
 *       repository descriptions. Airlock needs none of them to analyze or bill, so storing them
 *       would only be a liability; not even sealed under the tenant key.
 *   <li><b>May be kept</b> (identifiers the system routes by): repository full names (lookup
 *       records of enrollments hold them in plaintext), account, installation and customer ids, a
 *       branch name that does not look like a token (the job's ref). The GitLab repository name is
 *       such a canary: it must be found in the enrollment record, which proves the search reaches
 *       what it searches.
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeCanarySweepIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String OWNER = "Codertocat";
  private static final String REPO = "Hello-World";
  private static final long INSTALLATION_ID = 957387;
  private static final String GITHUB_ACCOUNT = "github-21031067";
  private static final String GITLAB_ACCOUNT = "sweep-gitlab";
  private static final String BITBUCKET_ACCOUNT = "sweep-bitbucket";

  private static final String GITHUB_SECRET = hex(24);
  private static final String GITLAB_TOKEN = hex(24);
  private static final String BITBUCKET_SECRET = hex(24);
  private static final String STRIPE_SECRET = "whsec_" + hex(24);

  /** Never to be kept anywhere, by name (the name says where it was planted). */
  private static final Map<String, String> NEVER = new LinkedHashMap<>();

  /** May be kept (identifiers): the GitLab repository's name, found in its enrollment. */
  private static final String REPO_NAME_CANARY = "canary-" + hex(12);

  private static Path dir;
  private static Path tmp;
  private static Path endpointsFile;
  private static Process serve;
  private static String githubCommit;
  private static final List<String> answers = new ArrayList<>();
  private static String inspectedBeforeDeletion = "";

  static {
    String upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    NEVER.put("repo file: AWS access key id", "AKIA" + random(upper, 16));
    NEVER.put("repo file: GitHub token", "ghp_" + random(alnum, 36));
    NEVER.put("repo file: Stripe secret key", "sk_live_" + random(alnum, 24));
    for (String where :
        List.of(
            "repo file: source text",
            "github: head commit message",
            "github: commit message",
            "github: author name",
            "github: author email",
            "github: pusher email",
            "github: repository description",
            "gitlab: commit message",
            "gitlab: author name",
            "gitlab: author email",
            "gitlab: user email",
            "gitlab: project description",
            "bitbucket: commit message",
            "bitbucket: author raw",
            "bitbucket: actor display name",
            "stripe: checkout metadata",
            "stripe: customer email",
            "stripe: customer name",
            "stripe: subscription metadata",
            "stripe: subscription description",
            "stripe: charge last4",
            "stripe: charge description")) {
      NEVER.put(where, "CANARY-" + hex(16));
    }
    NEVER.put("stripe: card number in metadata", "4242424242424242");
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String random(String alphabet, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static String c(String where) {
    return NEVER.get(where);
  }

  @BeforeAll
  static void startServe() throws Exception {
    Path jar = Path.of("target/airlock-local.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "package phase builds " + jar);
    dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sweep-it-");
    // serve's temp directory (sandboxes, work dirs) is its own, so it can be searched whole; under
    // /tmp and traversable (not listable) by others, because the analyzer runs under a per-job uid
    // that must reach its sandbox, as under Lambda's /tmp.
    tmp =
        Files.createTempDirectory(
            "airlock-sweep-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
    endpointsFile = dir.resolve("endpoints.json");

    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "README.md",
        ("# Hello\n\n" + c("repo file: source text") + "\n").getBytes(StandardCharsets.UTF_8));
    files.put(
        "config/deploy.properties",
        ("aws_access_key_id=" + c("repo file: AWS access key id") + "\n")
            .getBytes(StandardCharsets.UTF_8));
    files.put(
        "scripts/release.sh",
        ("#!/bin/sh\nexport GITHUB_TOKEN=" + c("repo file: GitHub token") + "\n")
            .getBytes(StandardCharsets.UTF_8));
    files.put(
        "src/main/java/demo/Billing.java",
        ("package demo;\n\nclass Billing {\n  static final String KEY = \""
                + c("repo file: Stripe secret key")
                + "\";\n  int unused = 42;\n}\n")
            .getBytes(StandardCharsets.UTF_8));
    githubCommit = new FixtureRepositories(dir.resolve("repos")).create(OWNER, REPO, files);

    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-jar",
                jar.toString(),
                "serve",
                "--state-dir",
                dir.resolve("stack").toString(),
                "--repos",
                dir.resolve("repos").toString(),
                "--endpoints-file",
                endpointsFile.toString(),
                "--github-installation",
                INSTALLATION_ID + "=" + OWNER + "/" + REPO)
            .redirectError(dir.resolve("serve.err").toFile())
            .redirectOutput(dir.resolve("serve.out").toFile());
    pb.environment().put("GITHUB_WEBHOOK_SECRET", GITHUB_SECRET);
    pb.environment().put("GITLAB_WEBHOOK_TOKEN", GITLAB_TOKEN);
    pb.environment().put("BITBUCKET_WEBHOOK_SECRET", BITBUCKET_SECRET);
    pb.environment().put("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET);
    serve = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!Files.exists(endpointsFile) && System.nanoTime() < deadline && serve.isAlive()) {
      Thread.sleep(200);
    }
    assertTrue(
        Files.exists(endpointsFile),
        "serve wrote its endpoints file: " + Files.readString(dir.resolve("serve.err")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve != null && serve.isAlive()) {
      serve.destroy();
      if (!serve.waitFor(60, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
    }
    if (tmp != null) {
      try (var paths = Files.walk(tmp)) {
        paths
            .sorted(java.util.Comparator.reverseOrder())
            .forEach(p -> p.toFile().delete()); // best effort: /tmp is cleaned anyway
      }
    }
  }

  // ------------------------------------------------------------------ drive the stack

  @Test
  @Order(1)
  void webhooks_shouldBeAcceptedOrIgnoredAsDocumented_whenEveryFieldCarriesACanary()
      throws Exception {
    HttpResponse<String> installed =
        github("installation", Fixtures.bytes("webhooks/github/installation/created.payload.json"));
    assertEquals(200, installed.statusCode() / 100 * 100, installed.body());

    HttpResponse<String> push = github("push", githubPush());
    assertEquals(202, push.statusCode(), push.body());

    cli0(
        "enroll",
        "--provider",
        "gitlab",
        "--repository",
        "sweep/" + REPO_NAME_CANARY,
        "--account",
        GITLAB_ACCOUNT);
    HttpResponse<String> gitlab = gitlab(gitlabPush());
    assertEquals(202, gitlab.statusCode(), gitlab.body());

    cli0(
        "enroll",
        "--provider",
        "bitbucket",
        "--repository",
        "sweep/bb-repo",
        "--account",
        BITBUCKET_ACCOUNT);
    HttpResponse<String> bitbucket = bitbucket(bitbucketPush());
    assertEquals(202, bitbucket.statusCode(), bitbucket.body());
  }

  @Test
  @Order(2)
  void stripeEvents_shouldBeApplied_whenTheyCarryCardDataAndPersonalData() throws Exception {
    for (String file :
        List.of(
            "checkout-session-completed.json",
            "customer-subscription-created.json",
            "charge-succeeded.json")) {
      HttpResponse<String> r = stripe(stripeEvent(file));
      assertEquals(200, r.statusCode(), file + ": " + r.body());
      if (!file.startsWith("charge")) {
        assertEquals("accepted", JSON.readTree(r.body()).path("status").asText(), r.body());
      }
    }
  }

  @Test
  @Order(3)
  void githubPush_shouldBeAnalyzed_withItsSecretsFound() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    String results = "";
    while (System.nanoTime() < deadline) {
      results = cli0("inspect", "tenants/" + GITHUB_ACCOUNT + "/results/");
      if (results.contains("\"decrypted\"")) {
        break;
      }
      Thread.sleep(1000);
    }
    assertTrue(results.contains("\"decrypted\""), "a SARIF result was stored: " + results);
    // The secrets analyzer ran over the planted files: it found them (by rule id and location).
    assertTrue(results.contains("config/deploy.properties"), results.length() + " chars");
    assertTrue(results.contains(githubCommit) || results.contains("Billing.java"));
  }

  @Test
  @Order(4)
  void backupVerifyRestoreAndDeletion_shouldSucceedThroughTheCli() throws Exception {
    inspectedBeforeDeletion = cli0("inspect");
    JsonNode backup = JSON.readTree(cli0("backup"));
    assertEquals("succeeded", backup.path("outcome").asText(), backup.toString());
    String id = backup.path("manifest").path("snapshotId").asText();
    for (String region : List.of("primary", "replica")) {
      JsonNode verified = JSON.readTree(cli0("verify", "--snapshot", id, "--region", region));
      assertEquals("verified", verified.path("outcome").asText(), verified.toString());
    }
    JsonNode restored =
        JSON.readTree(
            cli0(
                "restore",
                "--snapshot",
                id,
                "--region",
                "replica",
                "--target-prefix",
                "sweep-restore/"));
    assertEquals("restored", restored.path("outcome").asText(), restored.toString());
    JsonNode cert = JSON.readTree(cli0("delete-account", "--account", GITHUB_ACCOUNT));
    assertEquals(GITHUB_ACCOUNT, cert.path("accountId").asText(), cert.toString());
  }

  // ------------------------------------------------------------------ the sweep

  @Test
  @Order(5)
  void everyCanary_shouldBeAbsentFromEverythingTheStackWrote_exceptIdentifiers() throws Exception {
    Endpoints e = Endpoints.read(endpointsFile);
    Map<String, CanaryScanner> scans = new LinkedHashMap<>();
    for (Map.Entry<String, String> canary : NEVER.entrySet()) {
      scans.put(canary.getKey(), CanaryScanner.searchFor(canary.getValue()));
    }
    CanaryScanner identifier = CanaryScanner.searchFor(REPO_NAME_CANARY);
    List<CanaryScanner> all = new ArrayList<>(scans.values());
    all.add(identifier);

    try (S3Client s3 = e.s3();
        S3Client s3Replica = e.s3Replica();
        KmsClient kms = e.kms();
        KmsClient kmsReplica = e.kmsReplica();
        SqsClient sqs = e.sqs()) {
      for (var region :
          List.of(Map.entry(s3, opener(kms)), Map.entry(s3Replica, opener(kmsReplica)))) {
        for (Bucket b : region.getKey().listBuckets().buckets()) {
          for (CanaryScanner s : all) {
            s.s3(region.getKey(), b.name(), region.getValue());
          }
        }
      }
      for (String queue : sqs.listQueues().queueUrls()) {
        for (CanaryScanner s : all) {
          s.sqs(sqs, queue);
        }
      }
    }
    for (CanaryScanner s : all) {
      s.text("inspect (decrypted) before deletion", inspectedBeforeDeletion);
      s.text("HTTP answers and CLI output", String.join("\n", answers));
    }

    // Logs are complete only once serve has stopped (SIGTERM flushes and stops every child).
    serve.destroy();
    assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve stops on SIGTERM");
    for (CanaryScanner s : all) {
      s.text("serve stdout", Files.readString(dir.resolve("serve.out")));
      s.text("serve stderr", Files.readString(dir.resolve("serve.err")));
      s.directory(dir.resolve("stack")); // S3 files, audit log, KMS key file
      s.directory(tmp); // sandboxes, work dirs, upload buffers
    }

    assertFalse(
        identifier.hits().isEmpty(),
        "the repository name (an identifier) is found where it is kept: the search reaches it");
    assertTrue(identifier.placesSearched() > 100, "searched " + identifier.placesSearched());
    Map<String, List<String>> leaks = new LinkedHashMap<>();
    scans.forEach(
        (where, s) -> {
          if (!s.hits().isEmpty()) {
            leaks.put(where, s.hits());
          }
        });
    assertEquals(Map.of(), leaks, "canaries found where the stack must not keep them");
  }

  /** Opens anything sealed with Airlock's envelope, under the context it names (any object key). */
  private static Function<byte[], Optional<byte[]>> opener(KmsClient kms) {
    EnvelopeCipher cipher = new EnvelopeCipher(new KmsDataKeyProvider(kms));
    return bytes -> {
      if (!EnvelopeCipher.looksLikeEnvelope(bytes)) {
        return Optional.empty();
      }
      try {
        return Optional.of(cipher.decrypt(bytes, EnvelopeCipher.contextOf(bytes)));
      } catch (RuntimeException shreddedOrForeign) {
        // A shredded tenant's object: unreadable by design, and its raw bytes are still searched.
        return Optional.empty();
      }
    };
  }

  // ------------------------------------------------------------------ payloads

  private static byte[] githubPush() throws IOException {
    ObjectNode p =
        (ObjectNode)
            JSON.readTree(Fixtures.bytes("webhooks/github/push/with-installation.payload.json"));
    p.put("ref", "refs/heads/main");
    p.put("after", githubCommit);
    p.put("deleted", false);
    p.put("created", false);
    ObjectNode author = JSON.createObjectNode();
    author.put("name", c("github: author name"));
    author.put("email", c("github: author email") + "@example.com");
    author.put("username", "codertocat");
    ObjectNode head = JSON.createObjectNode();
    head.put("id", githubCommit);
    head.put("tree_id", githubCommit);
    head.put("message", c("github: head commit message"));
    head.put("timestamp", "2026-11-28T00:00:00Z");
    head.set("author", author);
    head.set("committer", author);
    p.set("head_commit", head);
    ArrayNode commits = p.putArray("commits");
    ObjectNode commit = head.deepCopy();
    commit.put("message", c("github: commit message"));
    commits.add(commit);
    ObjectNode pusher = JSON.createObjectNode();
    pusher.put("name", "codertocat");
    pusher.put("email", c("github: pusher email") + "@example.com");
    p.set("pusher", pusher);
    ((ObjectNode) p.path("installation")).put("id", INSTALLATION_ID);
    ObjectNode repo = (ObjectNode) p.path("repository");
    repo.put("private", false);
    repo.put("description", c("github: repository description"));
    repo.put(
        "clone_url",
        JSON.readTree(Files.readString(endpointsFile)).path("codeHost").path("git").asText()
            + OWNER
            + "/"
            + REPO
            + ".git");
    return JSON.writeValueAsBytes(p);
  }

  private static byte[] gitlabPush() throws IOException {
    ObjectNode p = (ObjectNode) JSON.readTree(Fixtures.bytes("webhooks/gitlab/push.json"));
    p.put("user_email", c("gitlab: user email") + "@example.com");
    ObjectNode project = (ObjectNode) p.path("project");
    project.put("description", c("gitlab: project description"));
    project.put("path_with_namespace", "sweep/" + REPO_NAME_CANARY);
    project.put("name", REPO_NAME_CANARY);
    for (JsonNode commit : p.path("commits")) {
      ((ObjectNode) commit).put("message", c("gitlab: commit message"));
      ((ObjectNode) commit).put("title", c("gitlab: commit message"));
      ObjectNode author = (ObjectNode) commit.path("author");
      author.put("name", c("gitlab: author name"));
      author.put("email", c("gitlab: author email") + "@example.com");
    }
    return JSON.writeValueAsBytes(p);
  }

  private static byte[] bitbucketPush() throws IOException {
    ObjectNode p = (ObjectNode) JSON.readTree(Fixtures.bytes("webhooks/bitbucket/repo-push.json"));
    ((ObjectNode) p.path("actor")).put("display_name", c("bitbucket: actor display name"));
    ((ObjectNode) p.path("repository")).put("full_name", "sweep/bb-repo");
    ((ObjectNode) p.path("repository")).put("name", "bb-repo");
    for (JsonNode change : p.path("push").path("changes")) {
      ObjectNode target = (ObjectNode) change.path("new").path("target");
      target.put("message", c("bitbucket: commit message"));
      if (target.path("author").isObject()) {
        ((ObjectNode) target.path("author")).put("raw", c("bitbucket: author raw") + " <x@y>");
      }
      for (JsonNode commit : change.path("commits")) {
        ((ObjectNode) commit).put("message", c("bitbucket: commit message"));
        if (commit.path("author").isObject()) {
          ((ObjectNode) commit.path("author")).put("raw", c("bitbucket: author raw") + " <x@y>");
        }
      }
    }
    return JSON.writeValueAsBytes(p);
  }

  private static byte[] stripeEvent(String file) throws IOException {
    JsonNode apiEvent =
        JSON.readTree(
            Files.readString(Fixtures.repoRoot().resolve("events/billing").resolve(file)));
    String body = apiEvent.path("body").asText();
    if (apiEvent.path("isBase64Encoded").asBoolean()) {
      body = new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    ObjectNode event = (ObjectNode) JSON.readTree(body);
    event.put("id", "evt_" + hex(12));
    ObjectNode object = (ObjectNode) event.path("data").path("object");
    if (object.has("client_reference_id")) {
      object.put("client_reference_id", GITHUB_ACCOUNT);
    }
    ObjectNode metadata =
        object.path("metadata").isObject()
            ? (ObjectNode) object.path("metadata")
            : object.putObject("metadata");
    if (metadata.has("airlock_account_id")) {
      metadata.put("airlock_account_id", GITHUB_ACCOUNT);
    }
    metadata.put("card", c("stripe: card number in metadata"));
    switch (file) {
      case "checkout-session-completed.json" -> {
        metadata.put("note", c("stripe: checkout metadata"));
        ObjectNode details = object.putObject("customer_details");
        details.put("email", c("stripe: customer email") + "@example.com");
        details.put("name", c("stripe: customer name"));
        object.put("customer_email", c("stripe: customer email") + "@example.com");
      }
      case "customer-subscription-created.json" -> {
        metadata.put("note", c("stripe: subscription metadata"));
        object.put("description", c("stripe: subscription description"));
      }
      default -> {
        object.put("description", c("stripe: charge description"));
        ObjectNode card =
            object.path("payment_method_details").path("card").isObject()
                ? (ObjectNode) object.path("payment_method_details").path("card")
                : ((ObjectNode) object.with("payment_method_details")).putObject("card");
        card.put("last4", c("stripe: charge last4"));
        ObjectNode billing = object.with("billing_details");
        billing.put("email", c("stripe: customer email") + "@example.com");
        billing.put("name", c("stripe: customer name"));
      }
    }
    return JSON.writeValueAsBytes(event);
  }

  // ------------------------------------------------------------------ transport

  private static String gateway() throws IOException {
    return JSON.readTree(Files.readString(endpointsFile)).path("http").asText();
  }

  private static HttpResponse<String> github(String event, byte[] body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(gateway() + "/webhooks/github"))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", UUID.randomUUID().toString())
            .header("X-GitHub-Hook-ID", "424242")
            .header("X-Hub-Signature-256", "sha256=" + hmacHex(GITHUB_SECRET, body)),
        body);
  }

  private static HttpResponse<String> gitlab(byte[] body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(gateway() + "/webhooks/gitlab"))
            .header("Content-Type", "application/json")
            .header("X-Gitlab-Event", "Push Hook")
            .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString())
            .header("X-Gitlab-Token", GITLAB_TOKEN),
        body);
  }

  private static HttpResponse<String> bitbucket(byte[] body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(gateway() + "/webhooks/bitbucket"))
            .header("Content-Type", "application/json")
            .header("X-Event-Key", "repo:push")
            .header("X-Request-UUID", UUID.randomUUID().toString())
            .header("X-Hub-Signature", "sha256=" + hmacHex(BITBUCKET_SECRET, body)),
        body);
  }

  private static HttpResponse<String> stripe(byte[] body) throws Exception {
    long t = Instant.now().getEpochSecond();
    byte[] signed =
        (t + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    return send(
        HttpRequest.newBuilder(URI.create(gateway() + "/webhooks/stripe"))
            .header("Content-Type", "application/json")
            .header("Stripe-Signature", "t=" + t + ",v1=" + hmacHex(STRIPE_SECRET, signed)),
        body);
  }

  private static HttpResponse<String> send(HttpRequest.Builder b, byte[] body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            b.timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    answers.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
    return r;
  }

  private static String hmacHex(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  record Run(int code, String out, String err) {}

  private static Run cli(String command, String... rest) {
    List<String> args =
        new ArrayList<>(List.of(command, "--endpoints-file", endpointsFile.toString()));
    args.addAll(List.of(rest));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args.toArray(String[]::new), new PrintStream(out), new PrintStream(err));
    Run run =
        new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    answers.add(command + " -> " + code + "\n" + run.out() + "\n" + run.err());
    return run;
  }

  private static String cli0(String command, String... rest) {
    Run r = cli(command, rest);
    assertEquals(0, r.code(), command + ": " + r.err());
    return r.out();
  }
}
