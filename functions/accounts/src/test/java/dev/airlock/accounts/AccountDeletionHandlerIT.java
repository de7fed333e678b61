package dev.airlock.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import dev.airlock.accounts.DeletionTestStack.Seeded;
import dev.airlock.accounts.domain.AccountDeletionRequest;
import dev.airlock.accounts.domain.AccountNotFoundException;
import dev.airlock.accounts.domain.DeletionCertificate;
import dev.airlock.core.audit.AuditLog;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.audit.JsonLinesAuditLog;
import dev.airlock.core.state.StateKeys;
import dev.airlock.testkit.CanaryScanner;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * The Lambda entry point wired by Micronaut against the local stack, invoked as the Lambda runtime
 * would (JSON in and out through the registered {@code CustomPojoSerializer}); and the canary
 * sweep: no tenant secret, no plaintext data key reaches either region's buckets, the audit log or
 * the function's output.
 */
@ExtendWith(LocalAwsExtension.class)
class AccountDeletionHandlerIT {
  private LocalAws aws;
  private DeletionTestStack stack;

  @BeforeEach
  void setUp(LocalAws aws) {
    this.aws = aws;
    stack = new DeletionTestStack(aws);
  }

  private ApplicationContext context(AuditLog audit) {
    Map<String, Object> props = new HashMap<>(aws.micronautProperties());
    props.put("airlock.accounts.batch-size", 4);
    ApplicationContext ctx = ApplicationContext.builder().properties(props).build();
    ctx.registerSingleton(AuditLog.class, audit);
    return ctx.start();
  }

  /** The serializer the Lambda runtime finds on the function's class path. */
  private static CustomPojoSerializer lambdaSerializer() {
    return ServiceLoader.load(CustomPojoSerializer.class).findFirst().orElseThrow();
  }

  @Test
  void sampleEvent_shouldReadAsADeletionRequest_throughTheLambdaRuntimesSerializer()
      throws Exception {
    Path event =
        Path.of(
            System.getProperty("airlock.repo.root"), "events", "accounts", "delete-account.json");
    try (InputStream in = Files.newInputStream(event)) {
      AccountDeletionRequest r = lambdaSerializer().fromJson(in, AccountDeletionRequest.class);
      assertEquals(
          new AccountDeletionRequest("github-1234567", "customer-request", "support-ticket-4711"),
          r);
    }
  }

  @Test
  void handleRequest_shouldDeleteAndAnswerTheCertificate_whenInvokedWithJson() {
    Seeded seeded = stack.seed(DeletionTestStack.newAccount("handler"), "s");
    StringWriter auditLines = new StringWriter();
    List<AuditRecord> audit = new ArrayList<>();
    try (ApplicationContext ctx = context(new JsonLinesAuditLog(auditLines, audit::add))) {
      AccountDeletionHandler handler = new AccountDeletionHandler(ctx);
      CustomPojoSerializer json = lambdaSerializer();
      AccountDeletionRequest request =
          json.fromJson(
              "{\"accountId\":\"" + seeded.account() + "\",\"reason\":\"operator\"}",
              AccountDeletionRequest.class);

      DeletionCertificate cert = handler.handleRequest(request, null);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      json.toJson(cert, out, DeletionCertificate.class);
      DeletionCertificate answered = DeletionCertificate.fromJson(out.toByteArray());
      assertEquals(cert, answered);
      assertEquals("operator", answered.reason());
      assertEquals(2, answered.regions().size(), "the standby bucket is configured locally");
      assertEquals(8, answered.region("primary").orElseThrow().objects());
      assertTrue(answered.region("standby").orElseThrow().objects() > 0);
      assertEquals(
          cert,
          DeletionCertificate.fromJson(
              stack
                  .state
                  .get(StateKeys.deletionCertificate(seeded.account()))
                  .orElseThrow()
                  .value()));
      assertTrue(audit.stream().anyMatch(r -> r.outcome().equals("succeeded")));

      assertThrows(
          AccountNotFoundException.class,
          () ->
              handler.handleRequest(
                  AccountDeletionRequest.of(DeletionTestStack.newAccount("nobody")), null));
    }
  }

  @Test
  void deletion_shouldWriteNoTenantSecretAndNoDataKeyAnywhere_whenRunThroughTheFunction() {
    String goneSecret = CanaryScanner.newCanary();
    String keptSecret = CanaryScanner.newCanary();
    Seeded gone = stack.seed(DeletionTestStack.newAccount("canary"), goneSecret);
    Seeded kept = stack.seed(DeletionTestStack.newAccount("canary"), keptSecret);
    // Reading the kept account's documents back (as a restore check would) unwraps data keys too.
    for (String key : kept.written().keySet()) {
      if (stack.state.get(key).isPresent()) {
        stack.docs.read(kept.account(), kindOf(key), key);
      }
    }
    List<byte[]> dataKeys = List.copyOf(stack.dataKeys.plaintextKeys);
    assertTrue(dataKeys.size() >= 20, "the seeding used real data keys: " + dataKeys.size());

    // The function's own output (stdout audit and logs) is captured, as CloudWatch would get it.
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    DeletionCertificate cert;
    System.setOut(tee);
    System.setErr(tee);
    // The Lambda's default sink (stdout), registered here because the backup function, on this
    // test class path only, brings a competing default.
    try (ApplicationContext ctx = context(JsonLinesAuditLog.toStdout())) {
      cert =
          new AccountDeletionHandler(ctx)
              .handleRequest(AccountDeletionRequest.of(gone.account()), null);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    assertTrue(output.contains("\"action\":\"account.deletion\""), "the audit went to stdout");
    assertTrue(output.contains(gone.account()));
    assertEquals(gone.account(), cert.accountId());

    // The deleted account's secret: nowhere, not even inside what can still be decrypted.
    CanaryScanner goneScan =
        CanaryScanner.searchFor(goneSecret)
            .s3(stack.s3, stack.stateBucket, this::decrypt)
            .s3(stack.s3Replica, stack.standbyBucket, this::decrypt)
            .text("function output", output)
            .text("test audit", stack.auditText.toString())
            .directory(aws.stateDir());
    assertEquals(List.of(), goneScan.hits());
    // The kept account's secret: only ever stored encrypted (raw bytes, keys, logs, files).
    CanaryScanner keptScan =
        CanaryScanner.searchFor(keptSecret)
            .s3(stack.s3, stack.stateBucket, null)
            .s3(stack.s3Replica, stack.standbyBucket, null)
            .text("function output", output)
            .directory(aws.stateDir());
    assertEquals(List.of(), keptScan.hits());
    // Positive control: opened with its tenant key, the kept account's data does hold its secret,
    // so the scans above would have seen a leak.
    assertFalse(
        CanaryScanner.searchFor(keptSecret)
            .s3(stack.s3, stack.stateBucket, this::decrypt)
            .hits()
            .isEmpty());
    assertTrue(keptScan.placesSearched() > 20, "searched: " + keptScan.placesSearched());

    // No plaintext data key, raw or encoded, in any stored version or text.
    List<byte[]> stored = new ArrayList<>();
    stored.addAll(allVersions(stack.s3, stack.stateBucket));
    stored.addAll(allVersions(stack.s3Replica, stack.standbyBucket));
    String texts = output + stack.auditText;
    for (byte[] key : dataKeys) {
      for (byte[] object : stored) {
        assertFalse(contains(object, key), "a plaintext data key is stored in S3");
      }
      String hex = HexFormat.of().formatHex(key);
      String b64 = Base64.getEncoder().encodeToString(key);
      assertFalse(texts.contains(hex) || texts.contains(b64), "a data key is in the output");
      assertEquals(List.of(), CanaryScanner.searchFor(hex).directory(aws.stateDir()).hits());
      assertEquals(List.of(), CanaryScanner.searchFor(b64).directory(aws.stateDir()).hits());
    }
    assertTrue(
        stack.docs.read(gone.account(), "billing", StateKeys.billing(gone.account())).isEmpty());
  }

  private java.util.Optional<byte[]> decrypt(byte[] bytes) {
    return DeletionTestStack.open(stack.dataKeys, bytes);
  }

  private static String kindOf(String key) {
    if (key.endsWith("account.json")) {
      return "account";
    }
    if (key.endsWith("billing.json")) {
      return "billing";
    }
    if (key.contains("/results/")) {
      return "result";
    }
    if (key.contains("/receipts/")) {
      return "receipt";
    }
    return "run";
  }

  private static List<byte[]> allVersions(S3Client s3, String bucket) {
    List<byte[]> out = new ArrayList<>();
    for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket))) {
      for (ObjectVersion v : page.versions()) {
        out.add(
            s3.getObjectAsBytes(r -> r.bucket(bucket).key(v.key()).versionId(v.versionId()))
                .asByteArray());
      }
    }
    return out;
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
