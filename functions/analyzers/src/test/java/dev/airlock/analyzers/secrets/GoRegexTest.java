package dev.airlock.analyzers.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoRegexTest {

  private static boolean finds(String goPattern, String text) {
    return GoRegex.compile(goPattern).pattern().matcher(text).find();
  }

  @Test
  void compile_shouldReadPosixClassesAsGoDoes_whenBracketed() {
    // Java alone would read [[:alnum:]] as the characters ':', 'a', 'l', 'n', 'u', 'm'.
    assertTrue(finds("^pat[[:alnum:]]{3}$", "patX9z"));
    assertFalse(finds("^pat[[:alnum:]]{3}$", "pat::a"));
    assertTrue(finds("^[[:^digit:]]+$", "abc"));
    assertFalse(finds("^[[:^digit:]]+$", "ab1"));
  }

  @Test
  void compile_shouldTreatABraceThatStartsNoRepetitionAsLiteral_whenGoDoes() {
    assertTrue(finds("^\\${(?:[A-Z_]+|[a-z_]+)}$", "${HOME_DIR}"));
    assertTrue(finds("^\\{\\{[ \\t]*[\\w ().|]+[ \\t]*}}$", "{{ value }}"));
    assertTrue(finds("a{,2}", "a{,2}"));
    assertTrue(finds("^a{2}$", "aa"));
  }

  @Test
  void compile_shouldMatchDollarAtEndOfTextOnly_whenNotMultiLine() {
    assertFalse(finds("abc$", "abc\n"), "Go's $ is the end of the text");
    assertTrue(finds("abc$", "xabc"));
    assertTrue(finds("(?m)abc$", "abc\nmore"));
  }

  @Test
  void compile_shouldUseAsciiWordBoundaries_whenGivenBackslashB() {
    assertTrue(finds("\\bAKIA", "éAKIA"), "é is not an ASCII word character");
    assertFalse(finds("\\bAKIA", "xAKIA"));
  }

  @Test
  void compile_shouldKeepGoLiteralsInsideClasses_whenJavaWouldNestOrIntersect() {
    assertTrue(finds("^[[]+$", "[["));
    assertTrue(finds("^[a&&b]+$", "&a&"));
    assertTrue(finds("^[]a]+$", "]a"));
    assertTrue(finds("^[\\x60'\"\\s;]+$", "`' ;\n"));
  }

  @Test
  void compile_shouldReadOctalEscapesAndNamedGroups_whenGoSyntax() {
    assertTrue(finds("^\\101\\0$", "A\0"));
    Matcher m = GoRegex.compile("(?P<key>k[0-9]+)").pattern().matcher("x k42");
    assertTrue(m.find());
    assertEquals("k42", m.group("key"));
    assertEquals("k42", m.group(1));
  }

  @Test
  void compile_shouldHonourInlineAndScopedFlags_whenMixed() {
    assertTrue(finds("\\b(p8e-(?i)[a-z0-9]{4})", "p8e-AbC1"));
    assertFalse(finds("(?i)x(?-i:[Aa]pi|API)", "xAPi"));
    assertTrue(finds("(?i)x(?-i:[Aa]pi|API)", "XApi"));
    assertTrue(finds("a(?s:.)b", "a\nb"));
    assertFalse(finds("a.b", "a\nb"));
    assertTrue(finds("a.b", "a\rb"), "Go's dot excludes only \\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo(?=bar)", "(a)\\1", "(?U)a+", "a**", "a{2}{3}", "*a", "(ab", "[ab"})
  void compile_shouldRefuse_whenGoRejectsThePatternOrJavaWouldReadItDifferently(String pattern) {
    assertThrows(GoRegex.UnsupportedRegexException.class, () -> GoRegex.compile(pattern));
  }

  @Test
  void maxNewlines_shouldBoundWhatAMatchCanSpan_whenMeasuredOnGitleaksPatterns() {
    GitleaksConfig config = GitleaksConfig.loadDefault();

    assertEquals(0, GitleaksConfigTest.rule(config, "aws-access-token").regex().maxNewlines());
    assertEquals(0, GitleaksConfigTest.rule(config, "github-pat").regex().maxNewlines());
    assertEquals(9, GitleaksConfigTest.rule(config, "generic-api-key").regex().maxNewlines());
    assertEquals(
        GoRegex.UNBOUNDED, GitleaksConfigTest.rule(config, "private-key").regex().maxNewlines());
    assertEquals(0, GoRegex.compile("[^\\s]+").maxNewlines());
    assertEquals(1, GoRegex.compile("[^a]").maxNewlines());
    assertEquals(GoRegex.UNBOUNDED, GoRegex.compile("(?s:.)+").maxNewlines());
    assertEquals(6, GoRegex.compile("(?:\\n|x){2,3}(?:a|\\s\\s\\s)").maxNewlines());
  }
}
