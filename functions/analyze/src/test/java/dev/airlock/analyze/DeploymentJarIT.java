package dev.airlock.analyze;

import static dev.airlock.analyze.AnalyzeTestBed.failures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.adapter.process.ProcessSandbox;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.core.json.Json;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.state.StateKeys;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.testkit.CanaryScanner;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import dev.airlock.testkit.lambda.DeploymentJarFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The artifact SAM deploys ({@code target/analyze-lambda.jar}, {@code AnalyzeFunction}'s CodeUri)
 * works on its own, with the Micronaut registrations its shade filters leave out: unzipped as
 * Lambda unzips it and run in a JVM of its own ({@link DeploymentJarFunction}: nothing of this
 * module's test class path, the handler {@code dev.airlock.analyze.AnalyzeHandler} built with its
 * no-argument constructor, events and responses through the Lambda runtime's serialization),
 * configured through the template's environment variables, against the local stack and the local
 * code host. It clones and analyzes a real commit with the analyzers bundled in the jar (found at
 * {@code $LAMBDA_TASK_ROOT}, as in Lambda), stores the SARIF where the contract says, and refuses a
 * job whose installation the code host does not know, before any clone; both sandboxes are gone
 * afterwards. Runs after {@code package} (failsafe); outside Maven it is skipped only when the jar
 * was never built.
 */
@ExtendWith(LocalAwsExtension.class)
class DeploymentJarIT {
  private static final String DEFINITIONS =
      "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private static AnalyzeTestBed bed;
  private static DeploymentJarFunction function;
  private static Path lambdaTmp;
  private static final AtomicReference<SQSEvent> delivered = new AtomicReference<>();

  /**
   * The deployment jar. Failsafe names it (system property {@code airlock.analyze.lambda-jar}) and
   * runs after {@code package}, so there a missing jar fails; elsewhere (an IDE) a jar that was
   * never built skips the test.
   */
  static Path deploymentJar() {
    String named = System.getProperty("airlock.analyze.lambda-jar");
    Path jar = Path.of(named != null ? named : "target/analyze-lambda.jar").toAbsolutePath();
    if (named != null) {
      assertTrue(Files.isRegularFile(jar), "failsafe runs after package, yet no " + jar);
    } else {
      assumeTrue(Files.isRegularFile(jar), "not built (./mvnw -DskipTests package): " + jar);
    }
    return jar;
  }

  @BeforeAll
  static void start(LocalAws aws) {
    Path jar = deploymentJar();
    bed = AnalyzeTestBed.start(aws);
    lambdaTmp = TestDirs.fresh("lambda-tmp");
    Map<String, Object> props = new HashMap<>(aws.micronautProperties());
    // these two come from the template's variables below, as in AWS
    props.remove("airlock.buckets.state");
    props.remove("airlock.keys.state-sse");
    props.put("airlock.analyze.github.api-base-url", bed.host.apiBaseUrl().toString());
    props.put("airlock.analyze.github.git-base-url", bed.host.gitBaseUrl().toString());
    // Secrets Manager holds the App key in AWS; the local-only property replaces it here
    props.put(
        "airlock.analyze.github.private-key",
        AnalyzeTestBed.pem(bed.host.appKeyPair().orElseThrow().getPrivate()));
    props.put("airlock.analyze.sandbox-base-dir", bed.sandboxBase.toString());
    props.put("java.io.tmpdir", lambdaTmp.toString());
    function =
        DeploymentJarFunction.builder(
                jar, "dev.airlock.analyze.AnalyzeHandler", SQSEvent.class.getName())
            .workDir(TestDirs.fresh("lambda"))
            .environment(
                Map.of(
                    "AWS_LAMBDA_FUNCTION_NAME", "airlock-test-analyze",
                    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "3008",
                    "AWS_REGION", aws.region(),
                    "AIRLOCK_STATE_BUCKET", aws.bucket("StateBucket"),
                    "AIRLOCK_STATE_KEY_ID", aws.keyId("StateKey"),
                    "AIRLOCK_TENANT_KEY_ALIAS_PREFIX", "alias/airlock/tenant/",
                    "AIRLOCK_GITHUB_APP_ID", Long.toString(bed.host.appId())))
            .systemProperties(props)
            // the test's choice, for 2 cores: a 300 s analysis in Lambda keeps the full JIT
            .jvmOptions("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
            .start();
  }

  @AfterAll
  static void stop() {
    if (function != null) {
      function.close();
    }
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void deploymentJar_shouldBundleTheAnalyzersAndLeaveOutTheFilteredRegistrations()
      throws IOException {
    try (ZipFile zip = new ZipFile(deploymentJar().toFile())) {
      assertNotNull(zip.getEntry("analyzers/analyzers.jar"));
      assertNotNull(zip.getEntry("dev/airlock/analyze/rule-catalog.json"));
      assertNotNull(zip.getEntry("dev/airlock/analyze/AnalyzeHandler.class"));
      assertNull(
          zip.getEntry(DEFINITIONS + "io.micronaut.http.ssl.$DefaultSslConfiguration$Definition"));
      assertNull(
          zip.getEntry(
              DEFINITIONS + "io.micronaut.scheduling.executor.$ExecutorFactory$Definition"));
      assertNull(zip.getEntry("logback.xml"), "the jar logs with slf4j-simple");
    }
  }

  @Test
  void handleRequest_shouldCloneAnalyzeAndStoreSarifWithoutSourceText_whenTheJarRunsInItsOwnJvm()
      throws IOException {
    // given: a repository with a planted secret, a PMD finding and canaries in both files
    String canary = CanaryScanner.newCanary();
    String field = canary.replace('-', '_');
    String awsKey = Planted.awsAccessKeyId();
    FixtureTree tree =
        FixtureTree.create()
            .file(
                "src/main/java/demo/Config.java",
                "package demo;\n\npublic class Config {\n  private int "
                    + field
                    + ";\n\n  public void load() {\n    System.out.println(\"loaded\");\n  }\n}\n")
            .file("config/settings.env", "# " + canary + "\nAWS_ACCESS_KEY_ID=" + awsKey + "\n");
    String account = bed.newAccount();
    Repo repo = bed.newRepository(tree);
    AnalysisJob job = bed.job(account, repo);
    AtomicReference<String> answer = new AtomicReference<>();

    // when
    SQSBatchResponse response = bed.deliver(List.of(bed.enqueue(job)), inJar(answer));

    // then: acknowledged, in the runtime's wire format
    assertEquals(List.of(), failures(response));
    assertEquals(Map.of("batchItemFailures", List.of()), Json.read(answer.get(), Map.class));
    RunRecord run = bed.run(job).orElseThrow();
    assertEquals(RunRecord.Status.COMPLETED, run.status(), "run " + run);
    // the child did the work (its audit stream), not this JVM's context
    String log = function.log();
    assertTrue(log.contains("analysis.completed") && log.contains(job.jobId()), log);
    assertEquals(List.of(), bed.audits("analysis.completed", job.jobId()));

    // the SARIF, where the contract says, names the planted findings by rule and location
    assertTrue(
        run.resultKey()
            .matches(
                StateKeys.tenantPrefix(account)
                    + "results/[0-9a-f]{64}/"
                    + job.commitSha()
                    + "\\.secrets-pmd\\.v1\\.sarif\\.json"),
        run.resultKey());
    byte[] sarif = bed.read(account, "result", run.resultKey()).orElseThrow();
    assertEquals(List.of(), SarifSchema.errors(sarif));
    String text = new String(sarif, StandardCharsets.UTF_8);
    assertTrue(text.contains("\"ruleId\":\"aws-access-token\""), text);
    assertTrue(text.contains("\"ruleId\":\"UnusedPrivateField\""), text);
    assertTrue(text.contains("\"uri\":\"config/settings.env\""), text);
    assertTrue(text.contains("\"uri\":\"src/main/java/demo/Config.java\""), text);
    // the analyzers came from the task root, as in Lambda: nothing was extracted to /tmp
    try (Stream<Path> tmp = Files.list(lambdaTmp)) {
      assertEquals(
          List.of(),
          tmp.filter(p -> p.getFileName().toString().startsWith("airlock-analyzers-")).toList());
    }

    // no source text anywhere it wrote: result, run record, receipt, queues, answer, logs
    Map<String, Object> receipt = bed.receipt(account, run.receiptKey());
    for (String planted : List.of(canary, field, awsKey)) {
      CanaryScanner scanner =
          CanaryScanner.searchFor(planted)
              .text("SARIF", text)
              .text(
                  "run record",
                  new String(
                      bed.read(account, "run", bed.runKey(job)).orElseThrow(),
                      StandardCharsets.UTF_8))
              .text("receipt", Json.writeString(receipt))
              .text("batch response", answer.get())
              .text("function log", function.log())
              .directory(bed.sandboxBase)
              .directory(lambdaTmp);
      for (String queue : bed.aws.queueUrls().values()) {
        scanner.sqs(bed.aws.sqs(), queue);
      }
      assertEquals(List.of(), scanner.hits(), "planted text found");
      assertTrue(scanner.placesSearched() >= 7, "searched " + scanner.placesSearched());
    }

    assertSandboxGone(receipt);
  }

  @Test
  void handleRequest_shouldRefuseBeforeCloningAndStoreNoResult_whenTheInstallationIsUnknown() {
    // given: a job naming an installation the code host never issued, and a malformed message
    String account = bed.newAccount();
    Repo repo = bed.newRepository(FixtureTree.create().file("README.md", "# demo\n"));
    long forgedInstallation = repo.installationId() + 1;
    AnalysisJob job =
        bed.job(account, new Repo(repo.owner(), repo.name(), repo.sha(), forgedInstallation));
    String malformed = bed.send("{\"not\": \"a job\"}", "poison-" + job.jobId(), job.jobId());
    AtomicReference<String> answer = new AtomicReference<>();
    int logBefore = bed.hostLog.size();
    long tokensBefore = bed.host.tokenStats().issued();

    // when: both in one batch
    SQSBatchResponse response = bed.deliver(List.of(bed.enqueue(job), malformed), inJar(answer));

    // then: the job is acknowledged and refused; only the malformed message goes back
    assertEquals(List.of(malformed), failures(response));
    assertEquals(
        Map.of("batchItemFailures", List.of(Map.of("itemIdentifier", malformed))),
        Json.read(answer.get(), Map.class));
    RunRecord run = bed.run(job).orElseThrow();
    assertEquals(RunRecord.Status.REFUSED, run.status(), "run " + run);
    assertEquals(Reason.TOKEN_REFUSED, run.reason());
    assertNull(run.resultKey());
    assertEquals(
        List.of(),
        bed.aws
            .s3()
            .listObjectsV2(
                b ->
                    b.bucket(bed.aws.bucket("StateBucket"))
                        .prefix(StateKeys.tenantPrefix(account) + "results/"))
            .contents(),
        "no result stored");
    String log = function.log();
    assertTrue(log.contains("analysis.refused") && log.contains(job.jobId()), log);
    assertTrue(log.contains("analysis.rejected"), "the malformed message is audited");

    // the host refused the token and was never asked for the repository
    List<String> requests = bed.hostLog.subList(logBefore, bed.hostLog.size());
    assertTrue(
        requests.stream()
            .anyMatch(
                l -> l.contains("/app/installations/" + forgedInstallation + "/access_tokens 4")),
        requests.toString());
    assertEquals(tokensBefore, bed.host.tokenStats().issued(), "no token issued");
    assertEquals(List.of(), bed.hostRequestsFor(repo), "no git request");

    assertSandboxGone(bed.receipt(account, run.receiptKey()));
    // the reported message would come back after its visibility timeout; it has proved its point
    delivered.get().getRecords().stream()
        .filter(r -> r.getMessageId().equals(malformed))
        .forEach(
            r ->
                bed.aws
                    .sqs()
                    .deleteMessage(
                        b ->
                            b.queueUrl(bed.aws.queueUrl("AnalysisQueue"))
                                .receiptHandle(r.getReceiptHandle())));
  }

  /**
   * Hands the event to the jar's JVM as the runtime does (serialized with the runtime's SQS
   * serializer), keeps the raw answer in {@code answer} and reads it back as the runtime would.
   */
  private static Function<SQSEvent, SQSBatchResponse> inJar(AtomicReference<String> answer) {
    return event -> {
      delivered.set(event);
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      LambdaEventSerializers.serializerFor(SQSEvent.class, DeploymentJarIT.class.getClassLoader())
          .toJson(event, json);
      answer.set(function.invoke(json.toString(StandardCharsets.UTF_8), TIMEOUT));
      return JacksonFactory.getInstance()
          .getSerializer(SQSBatchResponse.class)
          .fromJson(answer.get());
    };
  }

  /** The run's sandbox was created (the receipt names it), purged, verified absent, and is gone. */
  private static void assertSandboxGone(Map<String, Object> receipt) {
    @SuppressWarnings("unchecked")
    Map<String, Object> sandbox = (Map<String, Object>) receipt.get("sandbox");
    String name = (String) sandbox.get("name");
    assertTrue(name.startsWith(ProcessSandbox.PREFIX), name);
    assertEquals(true, receipt.get("verifiedAbsent"));
    assertFalse(Files.exists(bed.sandboxBase.resolve(name)), name);
    assertEquals(List.of(), bed.sandboxesLeft());
  }
}
