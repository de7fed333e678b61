package dev.airlock.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.accounts.config.AccountDeletions;
import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.accounts.domain.DeletionCertificate;
import dev.airlock.accounts.domain.TenantAuditExport;
import dev.airlock.aws.kms.KmsDataKeyProvider;
import dev.airlock.aws.kms.KmsTenantKeys;
import dev.airlock.backup.BackupOperations;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.BackupReport;
import dev.airlock.backup.domain.ReplicationReport;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import dev.airlock.backup.domain.VerifyReport;
import dev.airlock.core.crypto.KeyUnavailableException;
import dev.airlock.core.message.Provider;
import dev.airlock.core.state.StateKeys;
import dev.airlock.core.tenant.TenantVault;
import dev.airlock.emulators.codehost.FixtureRepositories;
import dev.airlock.emulators.stack.LocalResources;
import dev.airlock.webhook.domain.EnrollmentService;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code demo}: starts the whole local stack on free ports, drives the chain once on fixtures and
 * prints a JSON summary ({@code "ok"} and one entry per step); exit 0 only if every step succeeded.
 *
 * <p>The GitHub payloads are the real ones in {@code ../shared/fixtures/webhooks/github}; the push
 * is derived from {@code push/with-installation.payload.json} (its own {@code after} is a branch
 * deletion) so that it names a commit of the fixture repository the local code host serves. The
 * webhook secret is random per run and never printed.
 */
final class Demo {
  static final String OWNER = "Codertocat";
  static final String REPO = "Hello-World";
  static final long INSTALLATION_ID = 957387;

  private final ObjectMapper json = new ObjectMapper();
  private final ArrayNode steps = json.createArrayNode();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String secret;
  private final String stripeSecret;
  private final String plantedKey;
  private final String canary;
  private LocalStack stack;
  private String commit;

  private Demo() {
    SecureRandom random = new SecureRandom();
    byte[] r = new byte[24];
    random.nextBytes(r);
    secret = HexFormat.of().formatHex(r);
    random.nextBytes(r);
    stripeSecret = "whsec_" + HexFormat.of().formatHex(r);
    // A fresh AWS-access-key-shaped string (never a real key) for the secrets analyzer to find.
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder k = new StringBuilder("AKIA");
    for (int i = 0; i < 16; i++) {
      k.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    plantedKey = k.toString();
    random.nextBytes(r);
    canary = "CANARY-" + HexFormat.of().formatHex(r);
  }

  static int run(Args a, PrintStream out, PrintStream err) {
    Demo demo = new Demo();
    boolean ok = demo.runChain(a.flag("keep-state"), err);
    ObjectNode summary = demo.json.createObjectNode();
    summary.put("ok", ok);
    summary.set("steps", demo.steps);
    try {
      out.println(demo.json.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
    } catch (IOException e) {
      err.println("could not print summary");
      return 1;
    }
    return ok ? 0 : 1;
  }

  private boolean runChain(boolean keepState, PrintStream err) {
    Path state;
    try {
      state = Files.createTempDirectory("airlock-demo-");
    } catch (IOException e) {
      step("start", false, Map.of("error", "cannot create a state directory"));
      return false;
    }
    try {
      long t0 = System.nanoTime();
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("github.webhook.secret", secret);
      props.put("gitlab.webhook.token", secret);
      props.put("stripe.webhook.secret", stripeSecret);
      stack =
          LocalStack.start(new LocalStackOptions(0, state, state.resolve("repos"), false, props));
      step(
          "start",
          true,
          Map.of(
              "seconds",
              (System.nanoTime() - t0) / 1_000_000_000.0,
              "http",
              stack.gateway().baseUrl().toString()));
      return webhookChain()
          & analysisChain()
          & billingChain()
          & entitlementChain()
          & backupAndDeletionChain();
    } catch (RuntimeException e) {
      step("error", false, Map.of("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
      return false;
    } finally {
      if (stack != null) {
        stack.close();
      }
      if (!keepState) {
        deleteTree(state);
      } else {
        err.println("state kept in " + state);
      }
    }
  }

  /** Installation, push, job on the queue, redelivery and a forged request. */
  private boolean webhookChain() {
    FixtureRepositories repos = new FixtureRepositories(stack.reposDir());
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("README.md", ("# Hello World\n\n" + canary + "\n").getBytes(StandardCharsets.UTF_8));
    files.put(
        "config/deploy.properties",
        ("aws.region=us-east-1\naws_access_key_id=" + plantedKey + "\n")
            .getBytes(StandardCharsets.UTF_8));
    files.put(
        "src/main/java/demo/App.java",
        ("package demo;\n\npublic class App {\n  public static void main(String[] args) {\n"
                + "    int unused = 42;\n    System.out.println(\"hello\");\n  }\n}\n")
            .getBytes(StandardCharsets.UTF_8));
    String sha = repos.create(OWNER, REPO, files);
    this.commit = sha;
    stack.codeHost().registerInstallation(INSTALLATION_ID, OWNER, List.of(OWNER + "/" + REPO));
    boolean ok =
        step("fixture_repository", true, Map.of("repository", OWNER + "/" + REPO, "commit", sha));

    // 1. The real installation.created payload enrolls the installation and creates the account.
    byte[] installation = DemoFixtures.read("webhooks/github/installation/created.payload.json");
    HttpResponse<String> r = post("installation", UUID.randomUUID().toString(), installation, true);
    ok &=
        step(
            "github_installation_created",
            r.statusCode() / 100 == 2,
            Map.of("status", r.statusCode(), "body", r.body()));

    // 2. A push of the fixture commit.
    byte[] push = derivedPush(sha, false);
    String delivery = UUID.randomUUID().toString();
    r = post("push", delivery, push, true);
    JsonNode accepted = parse(r.body());
    String jobId = accepted.path("jobId").asText("");
    ok &=
        step(
            "github_push_accepted",
            r.statusCode() == 202 && !jobId.isEmpty(),
            Map.of("status", r.statusCode(), "jobId", jobId));

    // 3. Redelivery of the same delivery is accepted again but produces no second job.
    HttpResponse<String> again = post("push", delivery, push, true);
    ok &=
        step(
            "github_push_redelivered",
            again.statusCode() == 202,
            Map.of("status", again.statusCode()));

    // 4. A forged signature is refused and enqueues nothing.
    HttpResponse<String> forged = post("push", UUID.randomUUID().toString(), push, false);
    ok &=
        step(
            "forged_signature_refused",
            forged.statusCode() == 401,
            Map.of("status", forged.statusCode(), "body", forged.body()));

    // 5. Nothing else: a forged or redelivered request never reaches the queue (checked below by
    // the single run record the analysis leaves).
    ok &=
        step(
            "job_id_stable_on_redelivery",
            jobId.equals(parse(again.body()).path("jobId").asText()),
            Map.of("jobId", jobId));
    return ok;
  }

  /**
   * The real push payload, re-aimed at the fixture commit on the local code host; {@code
   * privateRepo} sets {@code repository.private} (the fixture's repository is public).
   */
  private byte[] derivedPush(String sha, boolean privateRepo) {
    try {
      ObjectNode p =
          (ObjectNode)
              json.readTree(
                  DemoFixtures.read("webhooks/github/push/with-installation.payload.json"));
      p.put("ref", "refs/heads/main");
      p.put("after", sha);
      p.put("deleted", false);
      p.put("created", false);
      ObjectNode head = json.createObjectNode();
      head.put("id", sha);
      head.put("tree_id", sha);
      head.put("message", "demo commit");
      head.put("timestamp", "2026-11-28T00:00:00Z");
      p.set("head_commit", head);
      ((ObjectNode) p.path("installation")).put("id", INSTALLATION_ID);
      ObjectNode repo = (ObjectNode) p.path("repository");
      repo.put("private", privateRepo);
      repo.put("clone_url", stack.codeHost().cloneUrl(OWNER + "/" + REPO).toString());
      return json.writeValueAsBytes(p);
    } catch (IOException e) {
      throw new IllegalStateException("push fixture unreadable", e);
    }
  }

  private HttpResponse<String> post(String event, String delivery, byte[] body, boolean sign) {
    String signature = "sha256=" + hmacHex(sign ? secret : "not-the-secret", body);
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(stack.gateway().baseUrl() + "/webhooks/github"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", event)
            .header("X-GitHub-Delivery", delivery)
            .header("X-GitHub-Hook-ID", "424242")
            .header("X-Hub-Signature-256", signature)
            .header("User-Agent", "GitHub-Hookshot/airlock-demo")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("webhook request failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static final String ACCOUNT = "github-21031067";
  private static final String OTHER_ACCOUNT = "acme-demo";

  private TenantVault vault() {
    return new TenantVault(
        new KmsDataKeyProvider(stack.aws().kms()),
        new KmsTenantKeys(
            stack.aws().kms(), stack.aws().kmsReplica(), stack.aws().replicaRegion()));
  }

  private List<String> stateKeys(String prefix) {
    String bucket = LocalResources.STATE_BUCKET.name();
    return stack
        .aws()
        .s3()
        .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))
        .contents()
        .stream()
        .map(o -> o.key())
        .toList();
  }

  private byte[] stateObject(String key) {
    return stack
        .aws()
        .s3()
        .getObjectAsBytes(r -> r.bucket(LocalResources.STATE_BUCKET.name()).key(key))
        .asByteArray();
  }

  /** The queued job is analyzed: token, clone, sandboxed analyzers, sealed SARIF, purge receipt. */
  private boolean analysisChain() {
    String prefix = StateKeys.tenantPrefix(ACCOUNT);
    long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
    List<String> results = List.of();
    List<String> receipts = List.of();
    while (System.nanoTime() < deadline) {
      results = stateKeys(prefix + "results/");
      receipts =
          stateKeys(prefix + "receipts/").stream().filter(k -> !k.endsWith("head.json")).toList();
      if (!results.isEmpty() && !receipts.isEmpty()) {
        break;
      }
      sleep(500);
    }
    boolean ok =
        step(
            "analysis_result_stored",
            results.size() == 1,
            Map.of("results", results.size(), "seconds", "waited up to 240"));
    if (results.isEmpty()) {
      return false;
    }
    TenantVault vault = vault();
    String sarif =
        new String(
            vault.open(ACCOUNT, "result", results.get(0), stateObject(results.get(0))),
            StandardCharsets.UTF_8);
    JsonNode log = parse(sarif);
    List<String> ruleIds = new ArrayList<>();
    log.path("runs")
        .forEach(run -> run.path("results").forEach(r -> ruleIds.add(r.path("ruleId").asText())));
    boolean foundSecret =
        ruleIds.contains("aws-access-token") || ruleIds.contains("generic-api-key");
    boolean noSource = !sarif.contains(plantedKey) && !sarif.contains(canary);
    ok &=
        step(
            "sarif_has_findings_without_source",
            "2.1.0".equals(log.path("version").asText()) && foundSecret && noSource,
            Map.of(
                "runs",
                log.path("runs").size(),
                "results",
                ruleIds.size(),
                "secretFound",
                foundSecret,
                "secretOrCanaryInResult",
                !noSource,
                "ruleIds",
                ruleIds.stream().distinct().limit(8).toList()));

    JsonNode receipt =
        receipts.isEmpty()
            ? json.createObjectNode()
            : parse(
                new String(
                    vault.open(ACCOUNT, "receipt", receipts.get(0), stateObject(receipts.get(0))),
                    StandardCharsets.UTF_8));
    ok &=
        step(
            "purge_receipt_written",
            receipts.size() == 1,
            Map.of("receipts", receipts.size(), "receipt", receipt));
    var tokens = stack.codeHost().tokenStats();
    ok &=
        step(
            "token_minted_and_revoked",
            tokens.issued() >= 1 && tokens.active() == 0,
            Map.of(
                "issued", tokens.issued(), "revoked", tokens.revoked(), "active", tokens.active()));
    List<String> runs =
        stateKeys(prefix + "runs/").stream()
            .filter(k -> !k.endsWith("fingerprint-salt.json"))
            .toList();
    ok &= step("redelivery_analyzed_once", runs.size() == 1, Map.of("runRecords", runs.size()));
    // Every sandbox the audit trail names is gone from the temp space.
    List<String> sandboxes = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(stack.auditLogFile())) {
        JsonNode rec = parse(line);
        if ("sandbox.created".equals(rec.path("action").asText())) {
          sandboxes.add(rec.path("ids").path("sandbox").asText());
        }
      }
    } catch (IOException e) {
      sandboxes.add("<audit log unreadable>");
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long leftovers =
        sandboxes.stream().filter(n -> n.isEmpty() || Files.exists(tmp.resolve(n))).count();
    leftovers += sandboxes.isEmpty() ? 1 : 0;
    ok &=
        step(
            "sandbox_destroyed",
            leftovers == 0,
            Map.of("sandboxesCreated", sandboxes.size(), "sandboxesLeft", leftovers));
    return ok;
  }

  /**
   * Stripe: the checkout links the customer, the subscription becomes the account's billing state.
   */
  private boolean billingChain() {
    boolean ok = true;
    for (String file :
        List.of("checkout-session-completed.json", "customer-subscription-created.json")) {
      byte[] body = billingEvent(file);
      HttpResponse<String> r = postStripe(body, true);
      ok &=
          step(
              "stripe_" + file.replace(".json", ""),
              r.statusCode() == 200 && "accepted".equals(parse(r.body()).path("status").asText()),
              Map.of("status", r.statusCode(), "body", r.body()));
    }
    HttpResponse<String> forged =
        postStripe(billingEvent("customer-subscription-updated.json"), false);
    ok &=
        step(
            "stripe_forged_signature_refused",
            forged.statusCode() == 400,
            Map.of("status", forged.statusCode()));
    String key = StateKeys.billing(ACCOUNT);
    JsonNode doc =
        parse(
            new String(
                vault().open(ACCOUNT, "billing", key, stateObject(key)), StandardCharsets.UTF_8));
    // Every subscription of the account is kept; the demo's checkout has one.
    String status = doc.path("subscriptions").path(0).path("status").asText("");
    ok &=
        step(
            "billing_document_sealed",
            !status.isEmpty() && !doc.toString().contains("4242"),
            Map.of("status", status, "fields", json.valueToTree(iterable(doc.fieldNames()))));
    return ok;
  }

  /**
   * The entitlement rule: once Stripe cancels the subscription, a push to a private repository is
   * accepted by the webhook but refused by the worker ({@code not-entitled}) before any token is
   * minted or anything fetched; the public repository above was analyzed regardless of billing.
   */
  private boolean entitlementChain() {
    HttpResponse<String> canceled =
        postStripe(billingEvent("customer-subscription-deleted.json"), true);
    boolean ok =
        step(
            "stripe_customer-subscription-deleted",
            canceled.statusCode() == 200
                && "accepted".equals(parse(canceled.body()).path("status").asText()),
            Map.of("status", canceled.statusCode(), "body", canceled.body()));
    String sha =
        new FixtureRepositories(stack.reposDir())
            .commit(
                OWNER, REPO, Map.of("NOTES.md", "private now\n".getBytes(StandardCharsets.UTF_8)));
    long tokensBefore = stack.codeHost().tokenStats().issued();
    HttpResponse<String> r =
        post("push", UUID.randomUUID().toString(), derivedPush(sha, true), true);
    String jobId = parse(r.body()).path("jobId").asText("");
    ok &=
        step(
            "private_push_accepted",
            r.statusCode() == 202 && !jobId.isEmpty(),
            Map.of("status", r.statusCode(), "jobId", jobId));
    // The worker's decision is in the audit trail: wait for the job's refusal.
    List<String> actions = new ArrayList<>();
    String reason = "";
    String denial = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!jobId.isEmpty() && reason.isEmpty() && System.nanoTime() < deadline) {
      actions.clear();
      try {
        for (String line : Files.readAllLines(stack.auditLogFile())) {
          JsonNode rec = parse(line);
          String action = rec.path("action").asText();
          if (jobId.equals(rec.path("ids").path("jobId").asText())) {
            actions.add(action);
            if (action.equals("analysis.refused") || action.equals("analysis.completed")) {
              reason = rec.path("reason").asText(action);
            }
          } else if (action.equals("entitlement.denied")
              && ACCOUNT.equals(rec.path("ids").path("accountId").asText())) {
            denial = rec.path("reason").asText();
          }
        }
      } catch (IOException e) {
        break;
      }
      if (reason.isEmpty()) {
        sleep(500);
      }
    }
    long tokensMinted = stack.codeHost().tokenStats().issued() - tokensBefore;
    ok &=
        step(
            "private_repository_refused_when_canceled",
            "not-entitled".equals(reason)
                && "subscription-not-active".equals(denial)
                && tokensMinted == 0
                && !actions.contains("sandbox.created"),
            Map.of(
                "reason",
                reason,
                "entitlement",
                denial,
                "tokensMinted",
                tokensMinted,
                "jobAudit",
                actions));
    return ok;
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l;
  }

  /** The checked-in Stripe event (events/billing), re-aimed at the demo account. */
  private byte[] billingEvent(String file) {
    try {
      Path events = Path.of("events/billing");
      JsonNode apiEvent = json.readTree(Files.readString(events.resolve(file)));
      String body = apiEvent.path("body").asText();
      if (apiEvent.path("isBase64Encoded").asBoolean()) {
        body = new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      }
      ObjectNode event = (ObjectNode) json.readTree(body);
      ObjectNode object = (ObjectNode) event.path("data").path("object");
      if (object.has("client_reference_id")) {
        object.put("client_reference_id", ACCOUNT);
      }
      if (object.path("metadata").has("airlock_account_id")) {
        ((ObjectNode) object.path("metadata")).put("airlock_account_id", ACCOUNT);
      }
      return json.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new IllegalStateException(
          "billing event " + file + " unreadable (run from the repository root)", e);
    }
  }

  private HttpResponse<String> postStripe(byte[] body, boolean sign) {
    long t = java.time.Instant.now().getEpochSecond();
    String payload = t + "." + new String(body, StandardCharsets.UTF_8);
    String v1 =
        hmacHex(sign ? stripeSecret : "whsec_wrong", payload.getBytes(StandardCharsets.UTF_8));
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(stack.gateway().baseUrl() + "/webhooks/stripe"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Stripe-Signature", "t=" + t + ",v1=" + v1)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return send(req);
  }

  /** Snapshot, replicate, verify both copies, restore; delete an account; its data is shredded. */
  private boolean backupAndDeletionChain() {
    boolean ok = true;
    // A second account (GitLab, enrolled by the operator) whose data must survive the deletion.
    stack
        .webhookContext()
        .getBean(EnrollmentService.class)
        .enroll(Provider.GITLAB, "acme/platform", OTHER_ACCOUNT);
    BackupOperations backup = stack.backupOperations();
    BackupReport snap = backup.backup();
    String id = snap.manifest() == null ? "" : snap.manifest().snapshotId();
    ok &=
        step(
            "backup_snapshot",
            "succeeded".equals(snap.outcome()),
            Map.of(
                "snapshot",
                id,
                "objects",
                snap.manifest() == null ? 0 : snap.manifest().objectCount(),
                "replication",
                snap.replication() == null ? "" : snap.replication().outcome()));
    ReplicationReport rep = backup.checkReplication(id);
    ok &=
        step(
            "backup_replicated",
            ReplicationReport.REPLICATED.equals(rep.outcome()),
            Map.of("outcome", rep.outcome()));
    for (BackupRegion region : BackupRegion.values()) {
      VerifyReport v = backup.verify(id, region);
      ok &=
          step(
              "backup_verified_" + region.wireName(),
              v.succeeded(),
              Map.of("outcome", v.outcome(), "chunks", v.chunks(), "objects", v.objectCount()));
    }
    RestoreReport restored =
        backup.restore(
            new RestoreRequest(id, "replica", null, null, "restore-drill/before-deletion/", true));
    ok &=
        step(
            "restore_from_replica",
            "restored".equals(restored.outcome())
                && restored.objectsRestored() == snap.manifest().objectCount()
                && restored.tenants().shredded() == 0,
            Map.of(
                "restored",
                restored.objectsRestored(),
                "readableTenantObjects",
                restored.tenants().readable(),
                "shredded",
                restored.tenants().shredded()));

    try (ApplicationContext accounts = stack.functionContext("accounts")) {
      // The account's own audit trail and purge-receipt chain, as `audit-export` gives it.
      TenantAuditExport.Export before = auditExport(accounts, ACCOUNT);
      ok &=
          step(
              "audit_export_receipt_chain_verified",
              before.chain().valid()
                  && before.receiptLines().size() >= 1
                  && !before.auditLines().isEmpty(),
              Map.of(
                  "auditRecords",
                  before.auditLines().size(),
                  "receipts",
                  before.receiptLines().size(),
                  "headSha256",
                  String.valueOf(before.chain().headSha256())));
      DeletionCertificate cert = accounts.getBean(AccountDeletion.class).delete(ACCOUNT);
      ok &=
          step(
              "account_deleted",
              cert.keysDisabledAt() != null && cert.keyDeletionDate() != null,
              Map.of(
                  "account",
                  cert.accountId(),
                  "keyDeletionDate",
                  String.valueOf(cert.keyDeletionDate()),
                  "regions",
                  cert.regions().size()));
      // Afterwards: the audit trail (ending with the deletion) remains, no receipt does.
      TenantAuditExport.Export after = auditExport(accounts, ACCOUNT);
      ok &=
          step(
              "audit_export_after_deletion",
              after.receiptLines().isEmpty()
                  && after.auditLines().stream()
                      .anyMatch(l -> l.contains("\"action\":\"account.deletion\"")),
              Map.of("auditRecords", after.auditLines().size()));
    }
    RestoreReport after =
        backup.restore(
            new RestoreRequest(id, "primary", null, null, "restore-drill/after-deletion/", true));
    ok &=
        step(
            "old_backup_restores_deleted_account_as_shredded",
            "restored".equals(after.outcome())
                && after.tenants().shredded() > 0
                && after.tenants().readable() > 0,
            Map.of("shredded", after.tenants().shredded(), "readable", after.tenants().readable()));
    String otherProfile = StateKeys.accountProfile(OTHER_ACCOUNT);
    boolean otherIntact;
    try {
      vault()
          .open(
              OTHER_ACCOUNT,
              "account",
              otherProfile,
              stateObject("restore-drill/after-deletion/" + otherProfile));
      otherIntact = true;
    } catch (RuntimeException e) {
      otherIntact = false;
    }
    ok &= step("other_account_restores_intact", otherIntact, Map.of("account", OTHER_ACCOUNT));
    boolean deletedUnreadable;
    try {
      String key = StateKeys.billing(ACCOUNT);
      vault().open(ACCOUNT, "billing", key, stateObject("restore-drill/after-deletion/" + key));
      deletedUnreadable = false;
    } catch (KeyUnavailableException shredded) {
      deletedUnreadable = true;
    }
    ok &=
        step(
            "deleted_account_unreadable_everywhere",
            deletedUnreadable && stateKeys(StateKeys.tenantPrefix(ACCOUNT)).isEmpty(),
            Map.of("account", ACCOUNT));
    return ok;
  }

  private TenantAuditExport.Export auditExport(ApplicationContext accounts, String account) {
    try {
      return AccountDeletions.auditExport(accounts.getBean(AccountDeletions.Resources.class))
          .export(account, Files.readAllLines(stack.auditLogFile(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("audit log unreadable", e);
    }
  }

  private HttpResponse<String> send(HttpRequest req) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String hmacHex(String key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body == null ? "{}" : body);
    } catch (IOException e) {
      return json.createObjectNode();
    }
  }

  private boolean step(String name, boolean ok, Map<String, Object> detail) {
    ObjectNode s = steps.addObject();
    s.put("step", name);
    s.put("ok", ok);
    s.set("detail", json.valueToTree(detail));
    return ok;
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort on a temp dir
                }
              });
    } catch (IOException ignored) {
      // already gone
    }
  }
}
