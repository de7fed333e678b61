package dev.airlock.analyzers.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitleaksConfigTest {

  private static Path fixtures() {
    return Path.of(System.getProperty("airlock.fixtures.dir"));
  }

  @Test
  void shippedRuleFile_shouldBeByteIdenticalToTheUpstreamCopy_whenComparedWithTheFixture()
      throws Exception {
    byte[] fixture =
        Files.readAllBytes(fixtures().resolve("secrets/gitleaks/config/gitleaks.toml"));
    byte[] shipped;
    try (InputStream in =
        GitleaksConfig.class.getResourceAsStream(GitleaksConfig.DEFAULT_RESOURCE)) {
      assertNotNull(in);
      shipped = in.readAllBytes();
    }

    assertArrayEquals(fixture, shipped);
    assertNotNull(
        GitleaksConfig.class.getResourceAsStream("/gitleaks/NOTICE"), "attribution is shipped");
  }

  @Test
  void loadDefault_shouldCompileEveryRule_whenGivenTheShippedFile() {
    GitleaksConfig config = GitleaksConfig.loadDefault();

    assertEquals(List.of(), config.skipped(), "rules that did not translate");
    assertEquals(0, config.allowlistPatternsSkipped());
    assertEquals(222, config.rules().size());
    assertEquals(1, config.allowlists().size());
  }

  @Test
  void loadDefault_shouldAttachRuleAllowlistsToTheirRule_whenArraysOfTablesFollowARule() {
    GitleaksConfig config = GitleaksConfig.loadDefault();
    SecretRule aws = rule(config, "aws-access-token");
    SecretRule generic = rule(config, "generic-api-key");
    SecretRule sonar = rule(config, "sonar-api-token");

    assertEquals(1, aws.allowlists().size());
    assertTrue(aws.allowlists().get(0).regexAllowed("AKIAIOSFODNN7EXAMPLE"));
    assertEquals(4, generic.allowlists().size());
    assertEquals(Allowlist.RegexTarget.MATCH, generic.allowlists().get(1).regexTarget());
    assertEquals(Allowlist.Condition.AND, generic.allowlists().get(3).condition());
    assertEquals(3.5, generic.entropy());
    assertEquals(2, sonar.secretGroup());
    assertTrue(rule(config, "pkcs12-file").regex() == null);
    assertFalse(aws.keywords().isEmpty());
  }

  @Test
  void parse_shouldSkipTheRuleAndKeepTheOthers_whenARegexCannotBeTranslated() {
    String toml =
        """
        [[rules]]
        id = "lookahead"
        regex = '''foo(?=bar)'''

        [[rules]]
        id = "fine"
        regex = '''ghp_[0-9a-zA-Z]{36}'''
        keywords = ["ghp_"]
        """;

    GitleaksConfig config = GitleaksConfig.parse(toml);

    assertEquals(1, config.rules().size());
    assertEquals("fine", config.rules().get(0).id());
    assertEquals(1, config.skipped().size());
    assertEquals("lookahead", config.skipped().get(0).id());
    assertFalse(config.skipped().get(0).reason().contains("bar"), "no pattern text in reasons");
  }

  @Test
  void parse_shouldReadUpstreamTestConfigs_whenGivenSimpleAndGenericToml() throws Exception {
    GitleaksConfig simple =
        GitleaksConfig.parse(
            Files.readString(fixtures().resolve("secrets/gitleaks/config/simple.toml")));
    GitleaksConfig generic =
        GitleaksConfig.parse(
            Files.readString(fixtures().resolve("secrets/gitleaks/config/generic.toml")));

    assertTrue(simple.rules().size() >= 20, "simple.toml rules: " + simple.rules().size());
    assertEquals(List.of(), simple.skipped());
    assertEquals(1, generic.rules().size());
  }

  static SecretRule rule(GitleaksConfig config, String id) {
    return config.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }
}
