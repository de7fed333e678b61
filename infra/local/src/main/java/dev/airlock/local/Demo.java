package dev.airlock.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.emulators.codehost.FixtureRepositories;
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
import software.amazon.awssdk.services.sqs.model.Message;

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
  private LocalStack stack;

  private Demo() {
    byte[] r = new byte[24];
    new SecureRandom().nextBytes(r);
    secret = HexFormat.of().formatHex(r);
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
      return webhookChain();
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
    files.put("README.md", "# Hello World\n".getBytes(StandardCharsets.UTF_8));
    files.put(
        "src/main/java/demo/App.java",
        ("package demo;\n\npublic class App {\n  public static void main(String[] args) {\n"
                + "    int unused = 42;\n    System.out.println(\"hello\");\n  }\n}\n")
            .getBytes(StandardCharsets.UTF_8));
    String sha = repos.create(OWNER, REPO, files);
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
    byte[] push = derivedPush(sha);
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

    // 5. Exactly one job is on the analysis queue, for that commit, with no payload in it.
    List<Message> jobs = drainQueue(Duration.ofSeconds(3));
    boolean oneJob = jobs.size() == 1;
    JsonNode job = oneJob ? parse(jobs.get(0).body()) : json.createObjectNode();
    boolean matches =
        oneJob
            && sha.equals(job.path("commitSha").asText())
            && jobId.equals(job.path("jobId").asText());
    ok &=
        step(
            "job_enqueued_once",
            matches,
            Map.of(
                "jobsOnQueue",
                jobs.size(),
                "commitSha",
                job.path("commitSha").asText(""),
                "account",
                job.path("accountId").asText(""),
                "messageBytes",
                oneJob ? jobs.get(0).body().length() : 0));
    return ok;
  }

  /** The real push payload, re-aimed at the fixture commit on the local code host. */
  private byte[] derivedPush(String sha) {
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

  private List<Message> drainQueue(Duration wait) {
    String url = stack.aws().queueUrl("AnalysisQueue");
    List<Message> all = new ArrayList<>();
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      List<Message> ms =
          stack
              .aws()
              .sqs()
              .receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      all.addAll(ms);
    }
    return all;
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
