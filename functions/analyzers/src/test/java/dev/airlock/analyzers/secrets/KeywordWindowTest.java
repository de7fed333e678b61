package dev.airlock.analyzers.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Searching only near keyword hits must find exactly what searching whole files finds: random files
 * mixing planted secrets (on one line and spread over lines) with noise, scanned both ways.
 */
class KeywordWindowTest {

  private static final GitleaksConfig CONFIG = GitleaksConfig.loadDefault();
  private static final Fingerprinter FINGERPRINTER =
      secret -> Integer.toHexString(secret.hashCode()) + secret.length();

  private static final List<Supplier<String>> SNIPPETS =
      List.of(
          () -> "const token = \"" + PlantedSecrets.githubPat() + "\";",
          () -> "AWS_ACCESS_KEY_ID=" + PlantedSecrets.awsAccessKeyId(),
          () -> "client_secret:\n  \"" + PlantedSecrets.genericApiKey() + "\"",
          () -> "password =\n\"" + PlantedSecrets.genericApiKey() + "\"",
          () -> "api_key = '" + PlantedSecrets.genericApiKey() + "'",
          () -> PlantedSecrets.privateKeyBlock(),
          () -> "notify: " + PlantedSecrets.slackWebhookUrl(),
          () -> "stripe = '" + PlantedSecrets.stripeSecretKey() + "'",
          () -> "int keyCount = 3; // key but no secret",
          () -> "String auth = null;",
          () -> "",
          () -> "    return value;",
          () -> "// the access token is loaded elsewhere");

  @RepeatedTest(20)
  void scan_shouldFindTheSameAsAWholeFileSearch_whenOnlyKeywordWindowsAreSearched() {
    Random random = new Random();
    StringBuilder text = new StringBuilder();
    int lines = 50 + random.nextInt(400);
    for (int i = 0; i < lines; i++) {
      text.append(SNIPPETS.get(random.nextInt(SNIPPETS.size())).get()).append('\n');
    }
    String content = text.toString();

    List<SecretFinding> windowed =
        new SecretScanner(
                CONFIG,
                FINGERPRINTER,
                Duration.ofSeconds(10),
                OptionalDouble.empty(),
                Duration.ofSeconds(60))
            .scan("src/Config.java", content)
            .findings();
    List<SecretFinding> whole =
        new SecretScanner(
                CONFIG,
                FINGERPRINTER,
                Duration.ofSeconds(10),
                OptionalDouble.empty(),
                Duration.ofSeconds(60))
            .wholeFileSearch()
            .scan("src/Config.java", content)
            .findings();

    assertEquals(whole, windowed);
    assertFalse(whole.isEmpty(), "dozens of planted secrets, none found");
  }
}
