package dev.airlock.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code serve} as an operator runs it: the shaded {@code airlock-local.jar} in its own JVM, its
 * endpoints file read back by ordinary SDK clients and the AWS CLI, the operator subcommands
 * against it, and SIGTERM stopping every child process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeCliIT {
  private static Process serve;
  private static Path state;
  private static Path endpointsFile;
  private static JsonNode endpoints;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET_CANARY = "CANARY-" + java.util.UUID.randomUUID();

  @BeforeAll
  static void startServe() throws Exception {
    Path jar = Path.of("target/airlock-local.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "package phase builds " + jar);
    state = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "serve-it-");
    endpointsFile = state.resolve("endpoints.json");
    ProcessBuilder pb =
        new ProcessBuilder(
                javaBin(),
                "-jar",
                jar.toString(),
                "serve",
                "--state-dir",
                state.resolve("stack").toString(),
                "--endpoints-file",
                endpointsFile.toString())
            .redirectError(state.resolve("serve.err").toFile())
            .redirectOutput(state.resolve("serve.out").toFile());
    pb.environment().put("GITHUB_WEBHOOK_SECRET", SECRET_CANARY);
    serve = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!Files.exists(endpointsFile) && System.nanoTime() < deadline && serve.isAlive()) {
      Thread.sleep(200);
    }
    assertTrue(
        Files.exists(endpointsFile),
        "serve wrote its endpoints file: " + Files.readString(state.resolve("serve.err")));
    endpoints = JSON.readTree(Files.readString(endpointsFile));
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve != null && serve.isAlive()) {
      serve.destroyForcibly();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  @Order(1)
  void serve_shouldPrintOneJsonLineWithEveryEndpoint() throws Exception {
    String out = Files.readString(state.resolve("serve.out")).trim();
    JsonNode printed = JSON.readTree(out.lines().findFirst().orElseThrow());
    assertEquals(endpoints, printed, "the printed line and the endpoints file agree");
    for (String field :
        List.of("http", "region", "replicaRegion", "sqs", "s3", "s3Replica", "kms", "stateDir")) {
      assertFalse(endpoints.path(field).asText().isEmpty(), field);
    }
    assertTrue(endpoints.path("queues").has("AnalysisQueue"));
    assertTrue(endpoints.path("buckets").has("StateBucket"));
    assertTrue(endpoints.path("codeHost").path("git").asText().startsWith("http://127.0.0.1:"));
    assertTrue(endpoints.path("codeHost").path("api").asText().startsWith("http://127.0.0.1:"));
    assertFalse(out.contains(SECRET_CANARY), "the webhook secret never reaches the endpoints line");
    assertFalse(Files.readString(endpointsFile).contains(SECRET_CANARY));
  }

  @Test
  @Order(2)
  void sdkClients_shouldListQueuesAndBucketsAndGenerateDataKeys() {
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"));
    Region region = Region.of(endpoints.path("region").asText());
    try (SqsClient sqs =
            SqsClient.builder()
                .endpointOverride(URI.create(endpoints.path("sqs").asText()))
                .region(region)
                .credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        S3Client s3 =
            S3Client.builder()
                .endpointOverride(URI.create(endpoints.path("s3").asText()))
                .forcePathStyle(true)
                .region(region)
                .credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        KmsClient kms =
            KmsClient.builder()
                .endpointOverride(URI.create(endpoints.path("kms").asText()))
                .region(region)
                .credentialsProvider(creds)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      assertTrue(
          sqs.listQueues().queueUrls().stream().anyMatch(u -> u.endsWith("airlock-analysis.fifo")));
      assertTrue(
          s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("airlock-state")));
      assertEquals(
          32,
          kms.generateDataKey(r -> r.keyId("alias/airlock/state").keySpec(DataKeySpec.AES_256))
              .plaintext()
              .asByteArray()
              .length);
    }
  }

  @Test
  @Order(3)
  void awsCli_shouldWorkAgainstTheEndpoints() throws Exception {
    String aws = findOnPath("aws");
    assumeTrue(aws != null, "AWS CLI not installed");
    assertTrue(
        cli(aws, "sqs", "list-queues", "--endpoint-url", endpoints.path("sqs").asText())
            .contains("airlock-analysis.fifo"));
    assertTrue(
        cli(aws, "s3api", "list-buckets", "--endpoint-url", endpoints.path("s3").asText())
            .contains("airlock-state"));
    String dk =
        cli(
            aws,
            "kms",
            "generate-data-key",
            "--key-id",
            "alias/airlock/backup",
            "--key-spec",
            "AES_256",
            "--endpoint-url",
            endpoints.path("kms").asText());
    assertTrue(dk.contains("CiphertextBlob") && dk.contains("Plaintext"), dk);
  }

  @Test
  @Order(4)
  void enrollThenInspect_shouldShowTheEnrollmentRecordAsPlaintextIdentifiers() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {
              "enroll",
              "--endpoints-file",
              endpointsFile.toString(),
              "--provider",
              "gitlab",
              "--repository",
              "acme/platform/api",
              "--account",
              "acme-co"
            },
            new PrintStream(out),
            new PrintStream(err));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"enrolled\":true"));

    out.reset();
    code =
        Main.run(
            new String[] {
              "inspect", "--endpoints-file", endpointsFile.toString(), "lookup/enrollments/"
            },
            new PrintStream(out),
            new PrintStream(err));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    String lines = out.toString(StandardCharsets.UTF_8);
    assertTrue(lines.contains("\"kind\":\"enrollment\""), lines);
    assertTrue(lines.contains("acme-co") && lines.contains("acme/platform/api"), lines);
  }

  @Test
  @Order(5)
  void operatorCommands_shouldFailWithUsageErrorsNotStackTraces() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {
              "enroll",
              "--endpoints-file",
              endpointsFile.toString(),
              "--provider",
              "github",
              "--repository",
              "a/b",
              "--account",
              "x"
            },
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage error"));
    assertEquals(
        2,
        Main.run(
            new String[] {"inspect"},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err)));
    assertEquals(
        2,
        Main.run(
            new String[] {"frobnicate"},
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err)));
  }

  @Test
  @Order(6)
  void backupVerifyRestore_shouldSucceedFromBothRegionsAgainstTheRunningStack() throws Exception {
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
                "latest",
                "--region",
                "replica",
                "--target-prefix",
                "cli-restore/"));
    assertEquals("restored", restored.path("outcome").asText(), restored.toString());
    assertEquals(
        backup.path("manifest").path("objectCount").asLong(),
        restored.path("objectsRestored").asLong());

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(
        1,
        Main.run(
            new String[] {
              "verify",
              "--endpoints-file",
              endpointsFile.toString(),
              "--snapshot",
              "20200101T000000Z-deadbeef"
            },
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err)),
        "an unknown snapshot fails");
  }

  @Test
  @Order(7)
  void deleteAccount_shouldPrintTheCertificateAndShredTheAccount() throws Exception {
    JsonNode cert = JSON.readTree(cli0("delete-account", "--account", "acme-co"));
    assertEquals("acme-co", cert.path("accountId").asText(), cert.toString());
    assertFalse(cert.path("keyDeletionDate").asText().isEmpty(), cert.toString());
    String lines = cli0("inspect", "lookup/enrollments/");
    assertFalse(lines.contains("acme-co"), "the account's enrollment is gone: " + lines);
    JsonNode again = JSON.readTree(cli0("delete-account", "--account", "acme-co"));
    assertEquals(
        cert.path("keyDeletionDate"),
        again.path("keyDeletionDate"),
        "a second run changes nothing");
  }

  private static String cli0(String command, String... rest) {
    List<String> args =
        new ArrayList<>(List.of(command, "--endpoints-file", endpointsFile.toString()));
    args.addAll(List.of(rest));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args.toArray(String[]::new), new PrintStream(out), new PrintStream(err));
    assertEquals(0, code, command + ": " + err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  @Order(9)
  void sigterm_shouldStopServeAndEveryChildProcess() throws Exception {
    List<ProcessHandle> children = new ArrayList<>(serve.descendants().toList());
    assertTrue(children.size() >= 2, "two S3Mock processes run under serve: " + children);
    serve.destroy(); // SIGTERM
    assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve exits on SIGTERM");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "no child outlives serve");
    assertFalse(
        Files.readString(state.resolve("serve.err")).contains(SECRET_CANARY), "nor its log");
  }

  private static String findOnPath(String name) {
    List<String> dirs =
        new ArrayList<>(
            List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.add(System.getProperty("user.home") + "/.pyenv/shims");
    for (String d : dirs) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  private static String cli(String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", "airlock-local");
    env.put("AWS_SECRET_ACCESS_KEY", "airlock-local");
    env.put("AWS_DEFAULT_REGION", endpoints.path("region").asText());
    env.put("AWS_PAGER", "");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + " -> " + out);
    return out;
  }
}
