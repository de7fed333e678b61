package dev.airlock.webhook.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.airlock.webhook.Signing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitLabVerifierTest {
  private final GitLabVerifier verifier = new GitLabVerifier(Duration.ofMinutes(5));

  // The Standard Webhooks reference test vector (standard-webhooks/standard-webhooks libraries'
  // tests; also the example in GitLab's signing-token merge request !230944).
  private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long VECTOR_TS = 1614265330L;
  private static final byte[] VECTOR_BODY =
      "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String VECTOR_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static Headers signed(String id, long ts, String sig) {
    return Headers.ofSingle(
        Map.of("webhook-id", id, "webhook-timestamp", Long.toString(ts), "webhook-signature", sig));
  }

  private static Headers token(String value) {
    return Headers.ofSingle(Map.of("X-Gitlab-Token", value));
  }

  @Test
  void verify_shouldAcceptToken_whenItEqualsAConfiguredToken() {
    Verification result =
        verifier.verify(
            token("tok-1"), new byte[0], List.of(WebhookSecret.of("tok-1")), Instant.EPOCH);

    assertEquals(new Verification.Verified(0), result);
  }

  @Test
  void verify_shouldRefuseToken_whenItDiffersOrIsAPrefix() {
    List<WebhookSecret> configured = List.of(WebhookSecret.of("tok-1"));

    assertEquals(
        new Verification.Refused("token-invalid"),
        verifier.verify(token("tok-2"), new byte[0], configured, Instant.EPOCH));
    assertEquals(
        new Verification.Refused("token-invalid"),
        verifier.verify(token("tok-"), new byte[0], configured, Instant.EPOCH));
    assertEquals(
        new Verification.Refused("token-missing"),
        verifier.verify(Headers.of(Map.of()), new byte[0], configured, Instant.EPOCH));
  }

  @Test
  void verify_shouldAcceptOldToken_whileListedAndRefuseItAfterRemoval() {
    assertEquals(
        new Verification.Verified(1),
        verifier.verify(
            token("old"),
            new byte[0],
            List.of(WebhookSecret.of("new"), WebhookSecret.of("old")),
            Instant.EPOCH));
    assertEquals(
        new Verification.Refused("token-invalid"),
        verifier.verify(
            token("old"), new byte[0], List.of(WebhookSecret.of("new")), Instant.EPOCH));
  }

  @Test
  void verify_shouldAcceptStandardWebhooksReferenceVector_whenWithinTolerance() {
    Verification result =
        verifier.verify(
            signed(VECTOR_ID, VECTOR_TS, VECTOR_SIG),
            VECTOR_BODY,
            List.of(WebhookSecret.of(VECTOR_SECRET)),
            Instant.ofEpochSecond(VECTOR_TS + 299));

    assertEquals(new Verification.Verified(0), result);
  }

  @Test
  void verify_shouldAcceptOneValidEntry_whenSeveralSignaturesAreSent() {
    Verification result =
        verifier.verify(
            signed(VECTOR_ID, VECTOR_TS, "v1,bm9wZQ== v2,abc " + VECTOR_SIG),
            VECTOR_BODY,
            List.of(WebhookSecret.of(VECTOR_SECRET)),
            Instant.ofEpochSecond(VECTOR_TS));

    assertEquals(new Verification.Verified(0), result);
  }

  @Test
  void verify_shouldRefuse_whenTimestampIsOutsideToleranceInEitherDirection() {
    List<WebhookSecret> configured = List.of(WebhookSecret.of(VECTOR_SECRET));
    Headers headers = signed(VECTOR_ID, VECTOR_TS, VECTOR_SIG);

    assertEquals(
        new Verification.Refused("timestamp-outside-tolerance"),
        verifier.verify(headers, VECTOR_BODY, configured, Instant.ofEpochSecond(VECTOR_TS + 301)));
    assertEquals(
        new Verification.Refused("timestamp-outside-tolerance"),
        verifier.verify(headers, VECTOR_BODY, configured, Instant.ofEpochSecond(VECTOR_TS - 301)));
  }

  @Test
  void verify_shouldRefuse_whenIdTimestampOrBodyDiffersFromWhatWasSigned() {
    List<WebhookSecret> configured = List.of(WebhookSecret.of(VECTOR_SECRET));
    Instant now = Instant.ofEpochSecond(VECTOR_TS);

    assertEquals(
        new Verification.Refused("signature-invalid"),
        verifier.verify(signed("msg_other", VECTOR_TS, VECTOR_SIG), VECTOR_BODY, configured, now));
    assertEquals(
        new Verification.Refused("signature-invalid"),
        verifier.verify(
            signed(VECTOR_ID, VECTOR_TS + 1, VECTOR_SIG), VECTOR_BODY, configured, now));
    assertEquals(
        new Verification.Refused("signature-invalid"),
        verifier.verify(
            signed(VECTOR_ID, VECTOR_TS, VECTOR_SIG),
            "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8),
            configured,
            now));
  }

  @Test
  void verify_shouldRequireSignature_whenASigningSecretIsConfiguredEvenIfTokenMatches() {
    Map<String, String> headers = new HashMap<>();
    headers.put("X-Gitlab-Token", "tok-1");

    Verification result =
        verifier.verify(
            Headers.ofSingle(headers),
            VECTOR_BODY,
            List.of(WebhookSecret.of(VECTOR_SECRET), WebhookSecret.of("tok-1")),
            Instant.ofEpochSecond(VECTOR_TS));

    assertEquals(new Verification.Refused("signature-missing"), result);
  }

  @Test
  void verify_shouldVerifyMultibyteBody_whenSignedOverItsUtf8Bytes() {
    byte[] body = "{\"title\":\"Fix 🐛 in café\"}".getBytes(StandardCharsets.UTF_8);
    String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    String sig = Signing.standardWebhooksSignature(secret, "id-1", 1000, body);

    Verification result =
        verifier.verify(
            signed("id-1", 1000, sig),
            body,
            List.of(WebhookSecret.of(secret)),
            Instant.ofEpochSecond(1000));

    assertEquals(new Verification.Verified(0), result);
  }

  @Test
  void verify_shouldRefuseAsMalformed_whenTimestampOrSignatureIsGarbage() {
    List<WebhookSecret> configured = List.of(WebhookSecret.of(VECTOR_SECRET));
    Instant now = Instant.ofEpochSecond(VECTOR_TS);
    Headers badTs =
        Headers.ofSingle(
            Map.of(
                "webhook-id",
                VECTOR_ID,
                "webhook-timestamp",
                "-5",
                "webhook-signature",
                VECTOR_SIG));

    assertEquals(
        new Verification.Refused("signature-malformed"),
        verifier.verify(badTs, VECTOR_BODY, configured, now));
    assertEquals(
        new Verification.Refused("signature-malformed"),
        verifier.verify(signed(VECTOR_ID, VECTOR_TS, "v1,!!!"), VECTOR_BODY, configured, now));
  }

  @Test
  void verify_shouldReportNotConfigured_whenNoSecretIsConfigured() {
    assertInstanceOf(
        Verification.NotConfigured.class,
        verifier.verify(token("x"), new byte[0], List.of(), Instant.EPOCH));
  }
}
