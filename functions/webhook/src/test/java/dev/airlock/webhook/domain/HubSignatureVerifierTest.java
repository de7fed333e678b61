package dev.airlock.webhook.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.airlock.webhook.Fixtures;
import dev.airlock.webhook.Signing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HubSignatureVerifierTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final SignatureVerifier github = HubSignatureVerifier.github();

  // GitHub's documented vector: ../shared/fixtures/webhooks/github/signature-test-vector/
  private final byte[] vectorBody = Fixtures.webhook("github/signature-test-vector/payload.txt");
  private final byte[] vectorSecret = Fixtures.webhook("github/signature-test-vector/secret.txt");
  private final String vectorSignature =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  private static Headers signature(String value) {
    return Headers.ofSingle(Map.of("x-hub-signature-256", value));
  }

  private static List<WebhookSecret> secrets(byte[]... values) {
    return java.util.Arrays.stream(values)
        .map(v -> WebhookSecret.of(new String(v, StandardCharsets.UTF_8)))
        .toList();
  }

  @Test
  void verify_shouldAccept_whenGitHubDocumentationTestVector() {
    Verification result =
        github.verify(signature(vectorSignature), vectorBody, secrets(vectorSecret), NOW);

    assertEquals(new Verification.Verified(0), result);
  }

  @Test
  void verify_shouldRefuse_whenAnySingleBitOfTheBodyIsFlipped() {
    for (int bit = 0; bit < vectorBody.length * 8; bit++) {
      byte[] body = vectorBody.clone();
      body[bit / 8] ^= (byte) (1 << (bit % 8));

      Verification result =
          github.verify(signature(vectorSignature), body, secrets(vectorSecret), NOW);

      assertEquals(new Verification.Refused("signature-invalid"), result, "bit " + bit);
    }
  }

  @Test
  void verify_shouldRefuse_whenAnySingleBitOfTheSignatureIsFlipped() {
    byte[] mac = HexFormat.of().parseHex(vectorSignature.substring(7));
    for (int bit = 0; bit < mac.length * 8; bit++) {
      byte[] flipped = mac.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      String header = "sha256=" + HexFormat.of().formatHex(flipped);

      Verification result =
          github.verify(signature(header), vectorBody, secrets(vectorSecret), NOW);

      assertEquals(new Verification.Refused("signature-invalid"), result, "bit " + bit);
    }
  }

  @Test
  void verify_shouldRefuse_whenAnySingleBitOfTheSecretIsFlipped() {
    for (int bit = 0; bit < vectorSecret.length * 8; bit++) {
      byte[] secret = vectorSecret.clone();
      secret[bit / 8] ^= (byte) (1 << (bit % 8));
      // Flipping the top bit makes invalid UTF-8; test the bytes the host would really hold.
      if (secret[bit / 8] < 0x20 || secret[bit / 8] > 0x7e) {
        continue;
      }

      Verification result =
          github.verify(signature(vectorSignature), vectorBody, secrets(secret), NOW);

      assertEquals(new Verification.Refused("signature-invalid"), result, "bit " + bit);
    }
  }

  @Test
  void verify_shouldAccept_whenBodyIsMultibyteAndEmojiSignedOverItsUtf8Bytes() {
    byte[] body = "{\"msg\":\"Grüße, 東京 👋🏽 — ✓ \\u00e9\"}".getBytes(StandardCharsets.UTF_8);
    String header = Signing.hubSignature("s3cret", body);

    Verification result =
        github.verify(signature(header), body, List.of(WebhookSecret.of("s3cret")), NOW);

    assertEquals(new Verification.Verified(0), result);
  }

  @Test
  void verify_shouldRefuse_whenMultibyteBodyIsReencodedBeforeVerification() {
    String text = "{\"msg\":\"Grüße 👋🏽\"}";
    String header = Signing.hubSignature("s3cret", text.getBytes(StandardCharsets.UTF_8));

    Verification result =
        github.verify(
            signature(header),
            text.getBytes(StandardCharsets.ISO_8859_1),
            List.of(WebhookSecret.of("s3cret")),
            NOW);

    assertEquals(new Verification.Refused("signature-invalid"), result);
  }

  @Test
  void verify_shouldRefuseSha1_whenOnlyTheLegacyHeaderIsSent() {
    Headers headers = Headers.ofSingle(Map.of("X-Hub-Signature", "sha1=" + "0".repeat(40)));

    Verification result = github.verify(headers, vectorBody, secrets(vectorSecret), NOW);

    assertEquals(new Verification.Refused("sha1-signature-refused"), result);
  }

  @Test
  void verify_shouldRefuse_whenSignatureHeaderIsMissing() {
    Verification result =
        github.verify(Headers.of(Map.of()), vectorBody, secrets(vectorSecret), NOW);

    assertEquals(new Verification.Refused("signature-missing"), result);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e170",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ab",
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043eZZ",
        "sha256=７57107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "sha256= 757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
        "sha256="
      })
  void verify_shouldRefuseAsMalformed_whenSignatureIsNotExactly64Hex(String header) {
    Verification result = github.verify(signature(header), vectorBody, secrets(vectorSecret), NOW);

    assertEquals(new Verification.Refused("signature-malformed"), result);
  }

  @Test
  void verify_shouldRefuse_whenSignatureHeaderIsRepeated() {
    Headers headers =
        Headers.of(
            Map.of("X-Hub-Signature-256", List.of(vectorSignature, "sha256=" + "0".repeat(64))));

    Verification result = github.verify(headers, vectorBody, secrets(vectorSecret), NOW);

    assertEquals(new Verification.Refused("signature-ambiguous"), result);
  }

  @Test
  void verify_shouldReportNotConfigured_whenNoSecretIsConfigured() {
    Verification result = github.verify(signature(vectorSignature), vectorBody, List.of(), NOW);

    assertInstanceOf(Verification.NotConfigured.class, result);
  }

  @Test
  void verify_shouldAcceptOldSecret_whileListedAndRefuseItAfterRemoval() {
    byte[] body = "{\"zen\":\"rotate\"}".getBytes(StandardCharsets.UTF_8);
    Headers signedWithOld = signature(Signing.hubSignature("old-secret", body));

    Verification whileListed =
        github.verify(
            signedWithOld,
            body,
            List.of(WebhookSecret.of("new-secret"), WebhookSecret.of("old-secret")),
            NOW);
    Verification afterRemoval =
        github.verify(signedWithOld, body, List.of(WebhookSecret.of("new-secret")), NOW);

    assertEquals(new Verification.Verified(1), whileListed);
    assertEquals(new Verification.Refused("signature-invalid"), afterRemoval);
  }

  @Test
  void verify_shouldAcceptBitbucketSha256_underTheOldHeaderName() {
    byte[] body = Fixtures.webhook("bitbucket/repo-push.json");
    Headers headers =
        Headers.ofSingle(Map.of("X-Hub-Signature", Signing.hubSignature("bb-secret", body)));

    Verification ok =
        HubSignatureVerifier.bitbucket()
            .verify(headers, body, List.of(WebhookSecret.of("bb-secret")), NOW);
    Verification wrong =
        HubSignatureVerifier.bitbucket()
            .verify(headers, body, List.of(WebhookSecret.of("other")), NOW);

    assertEquals(new Verification.Verified(0), ok);
    assertEquals(new Verification.Refused("signature-invalid"), wrong);
  }

  @Test
  void toString_shouldNotRevealTheSecret_whenASecretIsPrinted() {
    assertEquals("WebhookSecret[redacted]", WebhookSecret.of("do-not-print-me").toString());
  }
}
