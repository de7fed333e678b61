package dev.airlock.benchmarks.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyzers.secrets.GitleaksConfig;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The translation is checked by reading the ERE back as a Java pattern (ERE bracket expressions and
 * the constructs the translator emits mean the same in both) against lines that must and must not
 * match.
 */
class GrepPatternsTest {

  private static boolean matchesLine(String ere, String line) {
    String java =
        ere.replace("[[:alnum:]_]", "[A-Za-z0-9_]")
            .replace("[[:space:]]", "[ \\t\\r\\f\\x0B]")
            .replace("[:alnum:]", "A-Za-z0-9")
            .replace("[:space:]", " \\t\\r\\f\\x0B")
            .replace("[:digit:]", "0-9")
            .replace("[\\]", "[\\\\]");
    return Pattern.compile(java).matcher(line).find();
  }

  @Test
  void toEre_shouldSpellOutBothCases_whenThePatternIsCaseInsensitive() {
    GrepPatterns.Translation t = GrepPatterns.toEre("(?i)key[a-c]{2}");

    assertTrue(t.ok(), t.refused());
    assertEquals("[kK][eE][yY][a-cA-C]{2}", t.ere());
    assertTrue(matchesLine(t.ere(), "KEYab"));
  }

  @Test
  void toEre_shouldEndCaseInsensitivity_whenAGroupTurnsItOff() {
    GrepPatterns.Translation t = GrepPatterns.toEre("(?i)a(?-i:B)c");

    assertEquals("[aA](B)[cC]", t.ere());
    assertFalse(matchesLine(t.ere(), "abc"));
    assertTrue(matchesLine(t.ere(), "ABC"));
  }

  @Test
  void toEre_shouldDropLazinessAndNonCapturingGroups_whenPresent() {
    GrepPatterns.Translation t = GrepPatterns.toEre("[\\w.-]{0,50}?(?:x|y)\\d+?");

    assertEquals("[[:alnum:]._-]{0,50}(x|y)[0-9]+", t.ere());
  }

  @Test
  void toEre_shouldWriteEscapedLiteralsAsBrackets_whenGrepWouldWarnOnTheBackslash() {
    GrepPatterns.Translation t = GrepPatterns.toEre("a\\.b\\|c\\x60[\\-\\]]");

    assertEquals("a[.]b[|]c`[]-]", t.ere());
    assertTrue(matchesLine(t.ere(), "a.b|c`-"));
  }

  @Test
  void toEre_shouldRefuse_whenThePatternMustMatchANewline() {
    GrepPatterns.Translation t = GrepPatterns.toEre("BEGIN\\n[a-z]+");

    assertFalse(t.ok());
    assertTrue(t.refused().contains("newline"));
  }

  @Test
  void toEre_shouldTreatABraceThatStartsNoRepetitionAsLiteral_likeGo() {
    assertEquals("a[{]b", GrepPatterns.toEre("a{b").ere());
    assertEquals("a{2,}", GrepPatterns.toEre("a{2,}").ere());
  }

  @Test
  void translateAll_shouldTranslateMostShippedRules_andMatchThePlantedFormats() throws Exception {
    Map<String, String> go = SecretsFigure.goPatterns(GitleaksConfig.loadDefault());
    Map<String, GrepPatterns.Translation> ere = GrepPatterns.translateAll(go);

    long ok = ere.values().stream().filter(GrepPatterns.Translation::ok).count();
    assertTrue(go.size() > 200, "rules with patterns: " + go.size());
    assertTrue(ok >= go.size() - 15, ok + " of " + go.size() + " translated");
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (String rule : SecretsCorpus.RULES) {
      String line = "    static final String apiKey1 = \"" + SecretsCorpus.secret(rule, r) + "\";";
      assertTrue(matchesLine(ere.get(rule).ere(), line), rule + ": " + ere.get(rule).ere());
    }
  }
}
