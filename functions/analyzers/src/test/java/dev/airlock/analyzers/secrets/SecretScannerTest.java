package dev.airlock.analyzers.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalDouble;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretScannerTest {

  private static final GitleaksConfig CONFIG = GitleaksConfig.loadDefault();
  private static final byte[] KEY = "0123456789abcdef-test-salt".getBytes(StandardCharsets.UTF_8);

  private static String hmac(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static SecretScanner scanner(GitleaksConfig config, Duration budget) {
    return new SecretScanner(
        config, SecretScannerTest::hmac, budget, OptionalDouble.empty(), Duration.ofMinutes(5));
  }

  private static List<SecretFinding> scan(String path, String text) {
    return scanner(CONFIG, Duration.ofSeconds(5)).scan(path, text).findings();
  }

  private static List<String> ruleIds(List<SecretFinding> findings) {
    return findings.stream().map(SecretFinding::ruleId).toList();
  }

  @Test
  void scan_shouldReportRulePositionAndKeyedFingerprint_whenAGithubTokenIsPlanted() {
    String token = PlantedSecrets.githubPat();
    String text = "// config\nconst t = \"" + token + "\";\n";

    List<SecretFinding> findings = scan("src/app.js", text);

    assertEquals(1, findings.size(), findings.toString());
    SecretFinding f = findings.get(0);
    assertEquals("github-pat", f.ruleId());
    assertEquals("src/app.js", f.path());
    assertEquals(2, f.startLine());
    assertEquals(12, f.startColumn());
    assertEquals(2, f.endLine());
    assertEquals(12 + token.length(), f.endColumn());
    assertEquals(hmac(token), f.fingerprint());
    assertTrue(!f.toString().contains(token), "a finding never holds the secret");
  }

  @Test
  void scan_shouldReportTheSecretGroupSpan_whenTheRuleCapturesTheSecret() {
    String key = PlantedSecrets.stripeSecretKey();
    String text = "STRIPE = '" + key + "'\n";

    List<SecretFinding> findings = scan("settings.py", text);

    assertEquals(List.of("stripe-access-token"), ruleIds(findings));
    assertEquals(11, findings.get(0).startColumn());
    assertEquals(11 + key.length(), findings.get(0).endColumn());
    assertEquals(hmac(key), findings.get(0).fingerprint());
  }

  @Test
  void scan_shouldIgnoreTheRuleFilesAllowlistedExamples_whenPresent() {
    String text =
        String.join(
            "\n",
            "aws_key = AKIAIOSFODNN7EXAMPLE",
            "password = \"abcdefghijklmnopqrstuvwxyz\"",
            "token = \"" + PlantedSecrets.githubPat() + "\" // gitleaks:allow",
            "");

    assertEquals(List.of(), scan("config/app.properties", text));
  }

  @Test
  void scan_shouldSkipTheFile_whenTheGlobalAllowlistMatchesItsPath() {
    SecretScanner scanner = scanner(CONFIG, Duration.ofSeconds(5));
    String text = "const t = \"" + PlantedSecrets.githubPat() + "\";\n";

    assertTrue(scanner.fileAllowed("node_modules/lib/index.js"));
    assertEquals(List.of(), scanner.scan("node_modules/lib/index.js", text).findings());
    assertEquals(List.of(), scanner.scan("package-lock.json", text).findings());
    assertEquals(1, scanner.scan("lib/index.js", text).findings().size());
  }

  @Test
  void scan_shouldReportOnlyTheSpecificRule_whenTheGenericRuleMatchesTheSameSecret() {
    String text = "api_token = \"" + PlantedSecrets.githubPat() + "\"\n";

    assertEquals(List.of("github-pat"), ruleIds(scan("a.env", text)));
  }

  @Test
  void scan_shouldFindAGenericSecret_whenItsValueIsOnTheNextLine() {
    String value = PlantedSecrets.genericApiKey();
    String text = "# settings\nclient_secret:\n  \"" + value + "\"\n";

    List<SecretFinding> findings = scan("config.yml", text);

    assertEquals(List.of("generic-api-key"), ruleIds(findings));
    assertEquals(3, findings.get(0).startLine());
    assertEquals(4, findings.get(0).startColumn());
    assertEquals(hmac(value), findings.get(0).fingerprint());
  }

  @Test
  void scan_shouldFindSecretsFarFromEachOther_whenOnlyKeywordLinesAreSearched() {
    StringBuilder text = new StringBuilder();
    String first = PlantedSecrets.githubPat();
    String second = PlantedSecrets.githubPat();
    text.append("x = \"").append(first).append("\"\n");
    for (int i = 0; i < 5000; i++) {
      text.append("int filler").append(i).append(" = ").append(i).append(";\n");
    }
    text.append("y = \"").append(second).append("\"\n");

    List<SecretFinding> findings = scan("Big.java", text.toString());

    assertEquals(2, findings.size());
    assertEquals(1, findings.get(0).startLine());
    assertEquals(5002, findings.get(1).startLine());
    assertNotEquals(findings.get(0).fingerprint(), findings.get(1).fingerprint());
  }

  @Test
  void scan_shouldFindPathOnlyRules_whenTheFileNameMatches() {
    SecretScanner scanner = scanner(CONFIG, Duration.ofSeconds(5));

    List<SecretFinding> findings = scanner.scanPath("certs/client.p12").findings();

    assertEquals(List.of("pkcs12-file"), ruleIds(findings));
    assertTrue(findings.get(0).isPathOnly());
    assertEquals(null, findings.get(0).fingerprint());
  }

  @Test
  void scan_shouldAbandonTheRuleAndCountIt_whenItsPatternBacktracksPastTheBudget() {
    GitleaksConfig slow =
        GitleaksConfig.parse(
            """
            [[rules]]
            id = "catastrophic"
            regex = '''(?:a|aa){1,60}b'''
            keywords = ["aaa"]

            [[rules]]
            id = "github-pat"
            regex = '''ghp_[0-9a-zA-Z]{36}'''
            keywords = ["ghp_"]
            """);
    String token = PlantedSecrets.githubPat();
    String text = "a".repeat(50) + "\n" + token + "\n";

    long started = System.nanoTime();
    SecretScanner.FileScan scan = scanner(slow, Duration.ofMillis(200)).scan("x.txt", text);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertEquals(1, scan.budgetExceeded());
    assertEquals(List.of("github-pat"), ruleIds(scan.findings()));
    assertTrue(millis < 5_000, "took " + millis + " ms");
  }

  @Test
  void shannon_shouldMatchGitleaksEntropy_whenGivenKnownStrings() {
    assertEquals(0.0, Entropy.shannon(""));
    assertEquals(0.0, Entropy.shannon("aaaa"));
    assertEquals(1.0, Entropy.shannon("abab"), 1e-9);
    assertEquals(4.0, Entropy.shannon("0123456789abcdef"), 1e-9);
  }
}
