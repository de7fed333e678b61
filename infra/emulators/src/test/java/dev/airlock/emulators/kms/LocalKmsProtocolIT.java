package dev.airlock.emulators.kms;

import static dev.airlock.emulators.kms.LocalKms.EAST;
import static dev.airlock.emulators.kms.LocalKms.createKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/** The wire protocol itself, seen by a plain HTTP client and by the SDK under load. */
class LocalKmsProtocolIT {

  private static final String AUTHORIZATION =
      "AWS4-HMAC-SHA256 Credential=AKIDLOCALKMSTEST/20300101/us-east-1/kms/aws4_request,"
          + " SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=00";

  private static LocalKms local;
  private static KmsClient kms;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    local = LocalKms.start();
    kms = local.client(EAST);
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  private static HttpResponse<String> post(String target, String authorization, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(local.server.endpoint().resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.1")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) {
      request.header("X-Amz-Target", target);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String errorType(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body()).get("__type").asText();
  }

  @Test
  void request_shouldBeRefused_whenTheAuthorizationHeaderIsMissing() throws Exception {
    HttpResponse<String> response = post("TrentService.ListKeys", null, "{}");

    assertEquals(400, response.statusCode());
    assertEquals("MissingAuthenticationTokenException", errorType(response));
    assertEquals(
        "application/x-amz-json-1.1", response.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void request_shouldBeRefused_whenTheAuthorizationHeaderIsNotSigV4ForKms() throws Exception {
    assertEquals(
        "IncompleteSignatureException",
        errorType(post("TrentService.ListKeys", "Bearer abc", "{}")));
    assertEquals(
        "InvalidSignatureException",
        errorType(post("TrentService.ListKeys", AUTHORIZATION.replace("/kms/", "/s3/"), "{}")));
  }

  @Test
  void request_shouldAnswerWithKmsJson_whenSignedForARegion() throws Exception {
    HttpResponse<String> response =
        post("TrentService.ListKeys", AUTHORIZATION.replace("/us-east-1/", "/eu-north-1/"), "{}");

    assertEquals(200, response.statusCode());
    JsonNode body = JSON.readTree(response.body());
    assertTrue(body.get("Keys").isArray());
    assertEquals(0, body.get("Keys").size(), "a region nobody used has no keys");
    assertFalse(body.get("Truncated").asBoolean());
    assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
  }

  @Test
  void request_shouldFailWithUnknownOperation_whenTheTargetIsNotAKmsOperation() throws Exception {
    assertEquals(
        "UnknownOperationException",
        errorType(post("TrentService.MakeCoffee", AUTHORIZATION, "{}")));
    assertEquals(
        "UnknownOperationException",
        errorType(post("DynamoDB_20120810.ListTables", AUTHORIZATION, "{}")));
    assertEquals("UnknownOperationException", errorType(post(null, AUTHORIZATION, "{}")));
  }

  @Test
  void request_shouldFailWithSerializationException_whenTheBodyIsNotAJsonObject() throws Exception {
    HttpResponse<String> response =
        post("TrentService.Encrypt", AUTHORIZATION, "{\"Plaintext\": \"c2VjcmV0");

    assertEquals(400, response.statusCode());
    assertEquals("SerializationException", errorType(response));
    assertFalse(response.body().contains("c2VjcmV0"), "error bodies must not echo the request");
    assertEquals(
        "SerializationException", errorType(post("TrentService.ListKeys", AUTHORIZATION, "[]")));
  }

  @Test
  void request_shouldFailValidation_whenARequiredMemberIsMissing() throws Exception {
    HttpResponse<String> response = post("TrentService.DescribeKey", AUTHORIZATION, "{}");

    assertEquals("ValidationException", errorType(response));
    assertTrue(JSON.readTree(response.body()).get("message").asText().contains("keyId"));
  }

  @Test
  void errorBody_shouldNeverContainPlaintextOrContextValues_whenDecryptFails() throws Exception {
    KeyMetadata key = createKey(kms, "quiet errors");
    String blob =
        Base64.getEncoder()
            .encodeToString(
                kms.encrypt(
                        b ->
                            b.keyId(key.keyId())
                                .plaintext(SdkBytes.fromUtf8String("TOP-SECRET-PLAINTEXT"))
                                .encryptionContext(java.util.Map.of("tenant", "CONTEXT-VALUE")))
                    .ciphertextBlob()
                    .asByteArray());

    HttpResponse<String> response =
        post(
            "TrentService.Decrypt",
            AUTHORIZATION,
            "{\"CiphertextBlob\":\"" + blob + "\",\"EncryptionContext\":{\"tenant\":\"WRONG\"}}");

    assertEquals("InvalidCiphertextException", errorType(response));
    assertFalse(response.body().contains("TOP-SECRET"));
    assertFalse(response.body().contains("CONTEXT-VALUE"));
    assertFalse(response.body().contains("WRONG"));
    assertFalse(response.body().contains(blob.substring(0, 16)));
  }

  @Test
  void knownButUnimplementedOperation_shouldMapToTheSdksUnsupportedOperationException() {
    KeyMetadata key = createKey(kms, "no signing");

    assertThrows(
        UnsupportedOperationException.class,
        () ->
            kms.sign(
                b ->
                    b.keyId(key.keyId())
                        .message(SdkBytes.fromUtf8String("m"))
                        .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)));
  }

  @Test
  void server_shouldServeConcurrentRequestsConsistently() throws Exception {
    KeyMetadata key = createKey(kms, "concurrent");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        tasks.add(
            () -> {
              for (int i = 0; i < 15; i++) {
                GenerateDataKeyResponse dataKey =
                    kms.generateDataKey(b -> b.keyId(key.keyId()).keySpec(DataKeySpec.AES_256));
                SdkBytes plain =
                    kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob())).plaintext();
                if (!plain.equals(dataKey.plaintext())) {
                  return false;
                }
                createKey(kms, "concurrent child");
              }
              return true;
            });
      }
      for (Future<Boolean> f : pool.invokeAll(tasks)) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    long children =
        kms.listKeysPaginator(b -> b.limit(1000)).keys().stream()
            .map(k -> kms.describeKey(b -> b.keyId(k.keyId())).keyMetadata().description())
            .filter("concurrent child"::equals)
            .count();
    assertEquals(16 * 15, children);
  }

  @Test
  void endpoint_shouldBeLoopbackOnAFreePort() {
    URI endpoint = local.server.endpoint();

    assertEquals("127.0.0.1", endpoint.getHost());
    assertTrue(endpoint.getPort() > 0);
  }
}
