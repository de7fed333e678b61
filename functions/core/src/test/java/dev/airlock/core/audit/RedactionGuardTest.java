package dev.airlock.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionGuardTest {

  // Secret-shaped values are assembled at run time so the source holds no literal token.
  private static final String ALNUM36 = "a1B2c3D4e5".repeat(3) + "F6g7H8";

  static Stream<Arguments> secrets() {
    return Stream.of(
        Arguments.of("ghp_" + ALNUM36, "github-token"),
        Arguments.of("token=ghs_" + ALNUM36 + ";", "github-token"),
        Arguments.of("gho_" + ALNUM36, "github-token"),
        Arguments.of("ghu_" + ALNUM36, "github-token"),
        Arguments.of("ghr_" + ALNUM36, "github-token"),
        Arguments.of("github_pat_" + "11ABCDEFG0" + "abcdefghijkl_" + ALNUM36, "github-token"),
        Arguments.of("glpat-" + "xYz12-AbC34_dEf56gHi", "gitlab-token"),
        Arguments.of("AKIA" + "IOSFODNN7EXAMPLE", "aws-access-key-id"),
        Arguments.of("key ASIA" + "ABCDEFGHIJ012345 used", "aws-access-key-id"),
        Arguments.of(
            "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
            "aws-secret-access-key"),
        Arguments.of("xoxb-" + "1234567890-abcdefghij", "slack-token"),
        Arguments.of("xoxp-" + "1234567890-abcdefghij", "slack-token"),
        Arguments.of("sk_live_" + ALNUM36, "stripe-key"),
        Arguments.of("sk_test_" + ALNUM36, "stripe-key"),
        Arguments.of("rk_live_" + ALNUM36, "stripe-key"),
        Arguments.of("whsec_" + ALNUM36, "stripe-webhook-secret"),
        Arguments.of("-----BEGIN " + "RSA PRIVATE KEY-----\nMIIE", "private-key"),
        Arguments.of("-----BEGIN " + "PRIVATE KEY-----", "private-key"),
        Arguments.of("-----BEGIN " + "OPENSSH PRIVATE KEY-----", "private-key"),
        Arguments.of("-----BEGIN " + "ENCRYPTED PRIVATE KEY-----", "private-key"),
        Arguments.of(
            "Bearer eyJ" + "hbGciOiJIUzI1NiJ9.eyJ" + "zdWIiOiIxMjM0In0.sig-nat_ure", "jwt"),
        Arguments.of("card 4111 1111 1111 1111 on file", "card-number"),
        Arguments.of("5500-0000-0000-0004", "card-number"));
  }

  @ParameterizedTest
  @MethodSource("secrets")
  void findViolation_shouldReportKind_whenValueLooksLikeSecret(String value, String kind) {
    assertEquals(Optional.of(kind), RedactionGuard.findViolation(value));
  }

  @ParameterizedTest
  @MethodSource("secrets")
  void findViolation_shouldNeverReturnTheValue(String value, String kind) {
    String found = RedactionGuard.findViolation(value).orElseThrow();

    assertFalse(value.contains(found) && found.length() > 12, found);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
        "aws-sdk at 0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
        "aws key id arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "2026-01-02T03:04:05.678Z",
        "1764367200000",
        "refs/heads/main",
        "tenants/acme/results/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c.sarif",
        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "ghp_short",
        "the github_pat_ prefix",
        "task_live_thing",
        "AKIAlowercase0000000",
        "webhook.received",
        "installation 123456 repo 987654321",
        "cus_9s6XKzkNRiz8i3",
        "evt_1NG8Du2eZvKYlo2CUI79vXWy",
        "sub_1MowQVLkdIwHu7ixeRlqHVzs",
        "user@example.com"
      })
  void findViolation_shouldBeEmpty_whenValueIsAnIdentifier(String value) {
    assertEquals(Optional.empty(), RedactionGuard.findViolation(value));
  }

  @Test
  void findViolation_shouldIgnoreAwsLookingSecret_whenAwsIsNotNearby() {
    String base64 = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY";

    assertTrue(RedactionGuard.findViolation("blob " + base64).isEmpty());
    assertTrue(RedactionGuard.findViolation("aws" + " ".repeat(70) + base64).isEmpty());
    assertTrue(RedactionGuard.findViolation("AWS " + base64).isPresent());
  }

  @Test
  void findViolation_shouldBeEmpty_whenNullOrEmpty() {
    assertTrue(RedactionGuard.findViolation(null).isEmpty());
    assertTrue(RedactionGuard.isClean(""));
  }

  @ParameterizedTest
  @MethodSource("secrets")
  void findViolation_shouldReportEveryTime_whenTheSameSecretRepeats(String value, String kind) {
    for (int i = 0; i < 3; i++) {
      assertEquals(Optional.of(kind), RedactionGuard.findViolation(value));
    }
  }

  @Test
  void findViolation_shouldAnswerTheSame_whenCleanValuesOverflowWhatIsRemembered() {
    for (int i = 0; i < RedactionGuard.KNOWN_CLEAN_MAX_ENTRIES + 10; i++) {
      assertTrue(RedactionGuard.isClean("repo-" + i));
    }
    assertTrue(RedactionGuard.isClean("repo-1"));
    assertTrue(RedactionGuard.isClean("webhook.received"));
    assertTrue(RedactionGuard.findViolation("AKIA" + "ABCDEFGHIJKLMNOP").isPresent());
  }
}
