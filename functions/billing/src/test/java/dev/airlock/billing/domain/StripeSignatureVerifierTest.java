package dev.airlock.billing.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.airlock.billing.StripeSigning;
import dev.airlock.billing.adapter.StripeJavaSignatureCheck;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier with stripe-java's real check, against headers made by Stripe's scheme. */
class StripeSignatureVerifierTest {
  private static final String SECRET = "whsec_unit_test_secret_not_real";
  private static final String OLD_SECRET = "whsec_unit_test_old_secret_not_real";
  private static final long NOW = 1_767_225_600L;
  private static final String BODY = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"x.y\"}";

  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  private final StripeSignatureVerifier verifier =
      new StripeSignatureVerifier(new StripeJavaSignatureCheck(), Duration.ofSeconds(300), clock);

  private Verification verify(String header, String body, List<String> secrets) {
    return verifier.verify(
        header == null ? List.of() : List.of(header),
        body.getBytes(StandardCharsets.UTF_8),
        secrets);
  }

  private static String reason(Verification v) {
    return assertInstanceOf(Verification.Refused.class, v).reason();
  }

  @Test
  void verify_shouldAccept_whenSignedWithTheSecretNow() {
    Verification v = verify(StripeSigning.header(SECRET, NOW, BODY), BODY, List.of(SECRET));

    assertEquals(BODY, assertInstanceOf(Verification.Verified.class, v).payload());
  }

  @Test
  void verify_shouldRefuse_whenBodyWasTampered() {
    String header = StripeSigning.header(SECRET, NOW, BODY);

    assertEquals(
        "signature-invalid", reason(verify(header, BODY.replace("x.y", "x.z"), List.of(SECRET))));
  }

  @Test
  void verify_shouldRefuse_whenSignedWithAnotherSecret() {
    String header = StripeSigning.header("whsec_someone_else", NOW, BODY);

    assertEquals("signature-invalid", reason(verify(header, BODY, List.of(SECRET))));
  }

  @Test
  void verify_shouldRefuse_whenTimestampIsOlderThanTolerance() {
    long t = NOW - 301;

    assertEquals(
        "timestamp-expired",
        reason(verify(StripeSigning.header(SECRET, t, BODY), BODY, List.of(SECRET))));
  }

  @Test
  void verify_shouldAccept_whenTimestampIsExactlyAtTolerance() {
    long t = NOW - 300;

    assertInstanceOf(
        Verification.Verified.class,
        verify(StripeSigning.header(SECRET, t, BODY), BODY, List.of(SECRET)));
  }

  @Test
  void verify_shouldRefuse_whenTimestampIsMoreThanToleranceInTheFuture() {
    long t = NOW + 301;

    assertEquals(
        "timestamp-in-future",
        reason(verify(StripeSigning.header(SECRET, t, BODY), BODY, List.of(SECRET))));
  }

  @Test
  void verify_shouldAccept_whenOneOfSeveralV1SignaturesIsValid() {
    String header =
        StripeSigning.header(
            NOW,
            List.of(
                StripeSigning.v1("whsec_other", NOW, BODY),
                StripeSigning.v1(SECRET, NOW, BODY),
                "0".repeat(64)));

    assertInstanceOf(Verification.Verified.class, verify(header, BODY, List.of(SECRET)));
  }

  @Test
  void verify_shouldAccept_whenAValidV1ComesWithV0AndUnknownSchemes() {
    // Stripe adds a v0 (test-mode) signature and may add schemes this code does not know.
    String v1 = StripeSigning.v1(SECRET, NOW, BODY);
    String header = "t=" + NOW + ",v0=" + "ab".repeat(32) + ",v1=" + v1 + ",v9=whatever";

    assertInstanceOf(Verification.Verified.class, verify(header, BODY, List.of(SECRET)));
  }

  @Test
  void verify_shouldRefuse_whenOnlyV0OrTheRightSignatureUnderAnotherScheme() {
    String v1 = StripeSigning.v1(SECRET, NOW, BODY);

    assertEquals(
        "signature-malformed", reason(verify("t=" + NOW + ",v0=" + v1, BODY, List.of(SECRET))));
    assertEquals(
        "signature-invalid",
        reason(verify("t=" + NOW + ",v2=" + v1 + ",v1=" + "0".repeat(64), BODY, List.of(SECRET))));
    assertEquals(
        "signature-invalid",
        reason(
            verify(
                "t=" + NOW + ",v1=" + v1.toUpperCase(java.util.Locale.ROOT),
                BODY,
                List.of(SECRET))));
  }

  @Test
  void verify_shouldRefuse_whenTheSignatureIsForAnotherTimestamp() {
    // A captured signature replayed with a fresh t= must not verify: t is part of what is signed.
    String v1 = StripeSigning.v1(SECRET, NOW - 3600, BODY);

    assertEquals(
        "signature-invalid", reason(verify("t=" + NOW + ",v1=" + v1, BODY, List.of(SECRET))));
  }

  @Test
  void verify_shouldRefuse_whenNoneOfSeveralV1SignaturesIsValid() {
    String header = StripeSigning.header(NOW, List.of("0".repeat(64), "f".repeat(64)));

    assertEquals("signature-invalid", reason(verify(header, BODY, List.of(SECRET))));
  }

  @Test
  void verify_shouldRefuse_whenHeaderIsMissing() {
    assertEquals("signature-missing", reason(verify(null, BODY, List.of(SECRET))));
    assertEquals("signature-missing", reason(verify("  ", BODY, List.of(SECRET))));
  }

  @Test
  void verify_shouldRefuse_whenHeaderIsRepeated() {
    String header = StripeSigning.header(SECRET, NOW, BODY);

    Verification v =
        verifier.verify(
            List.of(header, header), BODY.getBytes(StandardCharsets.UTF_8), List.of(SECRET));

    assertEquals("signature-header-repeated", reason(v));
  }

  @Test
  void verify_shouldRefuse_whenHeaderHasTwoTimestamps() {
    String header = StripeSigning.header(SECRET, NOW, BODY) + ",t=" + (NOW - 1000);

    assertEquals("signature-malformed", reason(verify(header, BODY, List.of(SECRET))));
  }

  @Test
  void verify_shouldRefuse_whenHeaderIsMalformed() {
    for (String header :
        List.of(
            "garbage",
            "t=abc,v1=00",
            "v1=" + StripeSigning.v1(SECRET, NOW, BODY),
            "t=" + NOW,
            "t=" + NOW + ",v0=" + StripeSigning.v1(SECRET, NOW, BODY),
            "t=" + NOW + ",=x",
            "t=" + NOW + ",v1=" + "a".repeat(5000))) {
      assertEquals("signature-malformed", reason(verify(header, BODY, List.of(SECRET))), header);
    }
  }

  @Test
  void verify_shouldTrySecretsInOrder_whenSecretIsBeingRotated() {
    String signedWithOld = StripeSigning.header(OLD_SECRET, NOW, BODY);

    assertInstanceOf(
        Verification.Verified.class, verify(signedWithOld, BODY, List.of(SECRET, OLD_SECRET)));
    assertEquals("signature-invalid", reason(verify(signedWithOld, BODY, List.of(SECRET))));
  }

  @Test
  void verify_shouldReportNotConfigured_whenNoSecretIsConfigured() {
    assertInstanceOf(
        Verification.NotConfigured.class,
        verify(StripeSigning.header(SECRET, NOW, BODY), BODY, List.of()));
  }

  @Test
  void verify_shouldAccept_whenBodyHasMultibyteCharacters() {
    String body = "{\"description\":\"naïve café — 東京 🐛\"}";

    Verification v = verify(StripeSigning.header(SECRET, NOW, body), body, List.of(SECRET));

    assertEquals(body, assertInstanceOf(Verification.Verified.class, v).payload());
  }

  @Test
  void verify_shouldRefuse_whenBodyIsNotUtf8() {
    byte[] latin1 = "{\"d\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    String asSigned = new String(latin1, StandardCharsets.UTF_8);

    Verification v =
        verifier.verify(
            List.of(StripeSigning.header(SECRET, NOW, asSigned)), latin1, List.of(SECRET));

    assertEquals("body-not-utf8", reason(v));
  }
}
