package dev.airlock.analyze;

import static dev.airlock.analyze.AnalyzeTestBed.failures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.core.billing.BillingDocument;
import dev.airlock.core.message.AnalysisJob;
import dev.airlock.core.state.StateKeys;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.testkit.CanaryScanner;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * The promise "source code is never stored": a repository whose files hold a unique random string
 * is analyzed; afterwards the string is nowhere — not in any S3 object of either region (raw, and
 * decrypted with the tenant key), not in any queue, not on standard output or error, not in the
 * audit log or the code host's request log, not in the temporary directories. Once with an analyzer
 * that leaks on purpose (quoting the code in every SARIF field and on its output), once with the
 * real analyzers.
 */
@ExtendWith(LocalAwsExtension.class)
class CanaryIT {
  private static AnalyzeTestBed leaky;
  private static AnalyzeTestBed real;

  @BeforeAll
  static void start(LocalAws aws) {
    leaky = AnalyzeTestBed.start(aws);
    if (Files.isRegularFile(RealAnalyzersIT.analyzersJar())) {
      real =
          AnalyzeTestBed.start(
              aws,
              Map.of(
                  "airlock.analyze.analyzers-classpath",
                  RealAnalyzersIT.analyzersJar().toAbsolutePath().toString(),
                  "airlock.analyze.analyzer-main-class",
                  "dev.airlock.analyzers.AnalyzerMain",
                  "airlock.analyze.analyzer-heap-mb",
                  512,
                  "airlock.analyze.analyzer-timeout",
                  "150s"));
    }
  }

  @AfterAll
  static void stop() {
    leaky.close();
    if (real != null) {
      real.close();
    }
  }

  private static FixtureTree withCanary(String canary, boolean leak) {
    return FixtureTree.create()
        .file(
            "src/main/java/demo/Keys.java",
            "package demo;\n\npublic class Keys {\n  private static final String API_TOKEN = \""
                + canary
                + "\";\n  private int unusedField;\n}\n")
        .file("config/app.properties", "db.password=" + canary + "\napi_key=" + canary + "\n")
        .file("docs/" + "notes.md", "The canary is " + canary + ".\n")
        .file("probe.properties", "leak=" + leak + "\n# " + canary + "\n");
  }

  @Test
  void analysis_shouldLeaveTheCanaryNowhere_whenTheAnalyzerLeaksOnPurpose() throws IOException {
    String canary = CanaryScanner.newCanary();
    Run run = analyze(leaky, withCanary(canary, true));

    @SuppressWarnings("unchecked")
    Map<String, Object> analyzer = (Map<String, Object>) run.record.summary().get("analyzer");
    assertTrue(
        (Long) analyzer.get("stdoutBytes") > canary.length(),
        "control: the analyzer had the canary and printed it (then it was discarded)");
    assertNowhere(leaky, run, canary);
  }

  @Test
  void analysis_shouldLeaveTheCanaryNowhere_whenTheRealAnalyzersFindIt() throws IOException {
    assumeTrue(real != null, "the analyzers' shaded jar is built");
    String canary = CanaryScanner.newCanary();
    Run run = analyze(real, withCanary(canary, false));

    assertNowhere(real, run, canary);
  }

  /** Shaped like an AWS access key id, random per run so a hit can only come from this run. */
  private static String fakeAccessKeyId() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder b = new StringBuilder("AKIA");
    java.security.SecureRandom random = new java.security.SecureRandom();
    for (int i = 0; i < 16; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  @Test
  void analysis_shouldStoreNoTokenHeldInAFileName_whenTheRealAnalyzersReportThatFile()
      throws IOException {
    assumeTrue(real != null, "the analyzers' shaded jar is built");
    String token = fakeAccessKeyId();
    String canary = CanaryScanner.newCanary();
    FixtureTree tree =
        FixtureTree.create()
            .file("keys/" + token + ".properties", "api_key=" + canary + "\n")
            .file("README.md", "# demo\n");
    Run run = analyze(real, tree);

    assertNowhere(real, run, token);
    assertNowhere(real, run, canary);
    String result =
        new String(
            real.read(run.job.accountId(), "result", run.record.resultKey()).orElseThrow(),
            StandardCharsets.UTF_8);
    assertTrue(
        java.util.regex.Pattern.compile("\"uri\":\"keys/redacted-[0-9a-f]{8}\\.properties\"")
            .matcher(result)
            .find(),
        "the finding for the file is kept under its redacted name");
  }

  private record Run(
      AnalysisJob job, RunRecord record, String stdout, String stderr, Instant start) {}

  private static Run analyze(AnalyzeTestBed bed, FixtureTree tree) {
    Instant start = Instant.now().minusSeconds(1);
    String account = bed.newAccount();
    Repo repo = bed.newRepository(tree);
    AnalysisJob job = bed.job(account, repo);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(out, capturedOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err, capturedErr), true, StandardCharsets.UTF_8));
    try {
      assertEquals(List.of(), failures(bed.deliverJobs(job)));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    RunRecord record = bed.run(job).orElseThrow();
    assertEquals(RunRecord.Status.COMPLETED, record.status(), "run " + record);
    return new Run(
        job,
        record,
        capturedOut.toString(StandardCharsets.UTF_8),
        capturedErr.toString(StandardCharsets.UTF_8),
        start);
  }

  private static void assertNowhere(AnalyzeTestBed bed, Run run, String canary) throws IOException {
    CanaryScanner scanner = CanaryScanner.searchFor(canary);
    for (S3Client s3 : List.of(bed.aws.s3(), bed.aws.s3Replica())) {
      for (Bucket b : s3.listBuckets().buckets()) {
        scanner.s3(s3, b.name(), null);
      }
    }
    String account = run.job.accountId();
    int decrypted = 0;
    for (String key : bed.documents == null ? List.<String>of() : listTenant(bed, account)) {
      byte[] plain = bed.read(account, kindOf(key), key).orElseThrow();
      scanner.text("decrypted " + key, new String(plain, StandardCharsets.UTF_8));
      decrypted++;
    }
    assertTrue(decrypted >= 4, "result, run, salt, receipt and head were opened: " + decrypted);
    for (String queue : bed.aws.queueUrls().values()) {
      scanner.sqs(bed.aws.sqs(), queue);
    }
    scanner.text("stdout", run.stdout);
    scanner.text("stderr", run.stderr);
    scanner.text("audit log", bed.auditText.toString());
    scanner.text("code host request log", String.join("\n", bed.hostLog));
    scanner.directory(bed.sandboxBase);
    for (Path p : recentTempEntries(run.start)) {
      scanner.directory(p);
    }

    assertEquals(List.of(), scanner.hits());
    assertTrue(scanner.placesSearched() > 10, "searched " + scanner.placesSearched());
  }

  private static List<String> listTenant(AnalyzeTestBed bed, String account) {
    return bed
        .aws
        .s3()
        .listObjectsV2Paginator(
            b -> b.bucket(bed.aws.bucket("StateBucket")).prefix(StateKeys.tenantPrefix(account)))
        .contents()
        .stream()
        .map(o -> o.key())
        .toList();
  }

  private static String kindOf(String key) {
    if (key.endsWith("/billing.json")) {
      return BillingDocument.KIND;
    }
    if (key.contains("/results/")) {
      return "result";
    }
    if (key.endsWith("/runs/fingerprint-salt.json")) {
      return "salt";
    }
    if (key.contains("/runs/")) {
      return "run";
    }
    if (key.endsWith("/receipts/head.json")) {
      return "receipt-head";
    }
    return "receipt";
  }

  /** Entries of the JVM's temporary directory touched since the run started. */
  private static List<Path> recentTempEntries(Instant since) throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    java.util.ArrayList<Path> recent = new java.util.ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp)) {
      for (Path p : s) {
        try {
          FileTime t = Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
          if (t.toInstant().isAfter(since) && !p.getFileName().toString().startsWith("bash_jobs")) {
            recent.add(p);
          }
        } catch (IOException gone) {
          // removed meanwhile
        }
      }
    }
    return recent;
  }

  /** Writes to both streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
