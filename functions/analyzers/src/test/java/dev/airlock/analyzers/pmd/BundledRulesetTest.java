package dev.airlock.analyzers.pmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyzers.AnalyzerKind;
import dev.airlock.analyzers.AnalyzerOutcome;
import dev.airlock.analyzers.AnalyzerRequest;
import dev.airlock.analyzers.TestRepository;
import dev.airlock.analyzers.files.RepositoryWalker;
import dev.airlock.analyzers.sarif.SarifLog;
import dev.airlock.analyzers.sarif.SarifResult;
import dev.airlock.analyzers.sarif.SarifWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sourceforge.pmd.PMDConfiguration;
import net.sourceforge.pmd.lang.rule.Rule;
import net.sourceforge.pmd.lang.rule.RulePriority;
import net.sourceforge.pmd.lang.rule.RuleReference;
import net.sourceforge.pmd.lang.rule.RuleSet;
import net.sourceforge.pmd.lang.rule.RuleSetLoader;
import net.sourceforge.pmd.properties.PropertyDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BundledRuleset} must give exactly the rules PMD's own loader gives: same order, same rule
 * implementations, names, categories, texts, priorities, language versions and property values, and
 * the same findings over code.
 */
class BundledRulesetTest {

  private static final String QUICKSTART = AnalyzerRequest.DEFAULT_PMD_RULESET;

  @TempDir Path dir;

  private static RuleSetLoader loader() {
    return RuleSetLoader.fromPmdConfig(new PMDConfiguration());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        QUICKSTART,
        "rulesets/java/internal/diagnostics.xml",
        "rulesets/internal/all-java.xml"
      })
  void load_shouldGiveTheRulesPmdsLoaderGives_whenTheRulesetIsBundled(String reference) {
    Optional<List<RuleSet>> fast =
        BundledRuleset.load(loader(), RulePriority.LOW, List.of(reference));
    if (reference.equals(QUICKSTART)) {
      assertTrue(fast.isPresent(), "the quickstart ruleset must take the one-parse-per-file path");
    }
    if (fast.isEmpty()) {
      return; // left to PMD's loader: nothing to compare
    }
    RuleSet pmd = loader().loadFromResource(reference);
    RuleSet ours = fast.get().get(0);

    assertEquals(pmd.getName(), ours.getName());
    assertEquals(pmd.getDescription(), ours.getDescription());
    assertEquals(pmd.getFileName(), ours.getFileName());
    assertEquals(pmd.getFileExclusions(), ours.getFileExclusions());
    assertEquals(pmd.getFileInclusions(), ours.getFileInclusions());
    assertEquals(describe(pmd), describe(ours));
  }

  @Test
  void load_shouldApplyTheRulesetsPropertyValues_whenARuleReferenceSetsThem() {
    RuleSet ours =
        BundledRuleset.load(loader(), RulePriority.LOW, List.of(QUICKSTART)).orElseThrow().get(0);

    Rule generic = ours.getRuleByName("AvoidCatchingGenericException");
    assertEquals(
        "java.lang.Throwable,java.lang.Error", value(generic, "typesThatShouldNotBeCaught"));
    assertEquals("true", value(ours.getRuleByName("AssignmentInOperand"), "allowWhile"));
    assertEquals(122, ours.getRules().size());
  }

  @Test
  void analyze_shouldWriteTheSameSarif_whenRulesetsArePreloadedOrLoadedByPmd() throws Exception {
    TestRepository repo =
        TestRepository.in(dir)
            .write(
                "src/main/java/demo/Sample.java",
                String.join(
                    "\n",
                    "package demo;",
                    "",
                    "import java.io.InputStream;",
                    "import java.util.*;",
                    "",
                    "public class Sample {",
                    "  private int unused;",
                    "  private static final Object lock = new Object();",
                    "",
                    "  public int read(InputStream in) {",
                    "    int b, n = 0;",
                    "    try {",
                    "      while ((b = in.read()) != -1) { n += b; }",
                    "      if ((n = n + 1) > 3) { n--; }",
                    "    } catch (Exception e) {",
                    "      n = -1;",
                    "    } catch (Throwable t) {",
                    "      n = -2;",
                    "    }",
                    "    String s = \"\" + n;",
                    "    if (s.equals(\"x\")) { return 1; }",
                    "    synchronized (lock) { for (int i = 0; i < 3; i++) { n += i; } }",
                    "    return n;",
                    "  }",
                    "",
                    "  public boolean same(String a) { return a == \"a\"; }",
                    "  public void empty() { try { read(null); } finally { } }",
                    "}",
                    ""))
            .write(
                "src/main/java/demo/Other.java",
                String.join(
                    "\n",
                    "package demo;",
                    "public class Other extends Thread {",
                    "  public static Vector v;",
                    "  public void run() { int x = 1; x = 2; System.gc(); }",
                    "  protected void finalize() { }",
                    "  public int hashCode() { return 1; }",
                    "}",
                    ""));
    AnalyzerRequest request =
        AnalyzerRequest.builder(repo.root(), TestRepository.salt())
            .analyzers(Set.of(AnalyzerKind.PMD))
            .build();

    AnalyzerOutcome preloaded =
        new PmdAnalyzer(true).analyze(RepositoryWalker.list(repo.root()), request);
    AnalyzerOutcome byPmd =
        new PmdAnalyzer(false).analyze(RepositoryWalker.list(repo.root()), request);

    List<String> ruleIds = preloaded.run().results().stream().map(SarifResult::ruleId).toList();
    assertTrue(ruleIds.size() >= 8, ruleIds.toString());
    // the ruleset's property overrides are in force: only Throwable is a generic catch here, and
    // an assignment in a while condition is allowed
    assertEquals(
        1,
        ruleIds.stream().filter("AvoidCatchingGenericException"::equals).count(),
        ruleIds.toString());
    assertEquals(
        1, ruleIds.stream().filter("AssignmentInOperand"::equals).count(), ruleIds.toString());
    assertEquals(byPmd.summary(), preloaded.summary());
    assertEquals(sarif(byPmd), sarif(preloaded));
  }

  @Test
  void load_shouldDecline_whenARuleOverridesMoreThanProperties() {
    assertFalse(
        BundledRuleset.load(
                loader(), RulePriority.LOW, List.of("airlock-test-rulesets/priority-override.xml"))
            .isPresent());
  }

  @Test
  void load_shouldDecline_whenARuleReferencesAWholeCategory() {
    assertFalse(
        BundledRuleset.load(
                loader(), RulePriority.LOW, List.of("airlock-test-rulesets/whole-category.xml"))
            .isPresent());
  }

  @Test
  void load_shouldDecline_whenAReferencedRuleDoesNotExist() {
    assertFalse(
        BundledRuleset.load(
                loader(), RulePriority.LOW, List.of("airlock-test-rulesets/missing-rule.xml"))
            .isPresent());
  }

  @Test
  void load_shouldDecline_whenAMinimumPriorityFilters() {
    assertFalse(BundledRuleset.load(loader(), RulePriority.HIGH, List.of(QUICKSTART)).isPresent());
  }

  @Test
  void load_shouldDecline_whenTheRulesetIsNotBundled() {
    assertFalse(
        BundledRuleset.load(loader(), RulePriority.LOW, List.of("rulesets/java/nonexistent.xml"))
            .isPresent());
  }

  @Test
  void excerpt_shouldKeepTheHeaderAndOnlyTheNamedRules_whenTheFileIsACategory() {
    String xml =
        String.join(
            "\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<ruleset name=\"Cat\" xmlns=\"http://pmd.sourceforge.net/ruleset/2.0.0\">",
            "  <description>d</description>",
            "  <!-- <rule name=\"Commented\"> -->",
            "  <rule name=\"A\" message=\"a > b\"><description>x</description></rule>",
            "  <rule name=\"Old\" ref=\"B\" deprecated=\"true\"/>",
            "  <rule name=\"B\"><example><![CDATA[ </rule> <rule name=\"C\"> ]]></example></rule>",
            "  <rule name=\"C\"><properties><property name=\"p\" value=\"1\"/></properties></rule>",
            "</ruleset>",
            "");

    String out = BundledRuleset.excerpt(xml, Set.of("B", "C")).orElseThrow();

    assertTrue(out.startsWith(xml.substring(0, xml.indexOf("  <rule name=\"A\""))), out);
    assertFalse(out.contains("<rule name=\"A\""), out);
    assertFalse(out.contains("<rule name=\"Old\""), out);
    assertTrue(
        out.contains(
            xml.substring(xml.indexOf("<rule name=\"B\">"), xml.indexOf("\n  <rule name=\"C\">"))),
        out);
    assertTrue(out.contains("<property name=\"p\" value=\"1\"/></properties></rule>"), out);
    assertTrue(out.endsWith("</ruleset>\n"), out);
  }

  @Test
  void excerpt_shouldDecline_whenANamedRuleIsMissingOrTheFileHasADoctype() {
    String xml =
        "<ruleset name=\"Cat\" xmlns=\"http://pmd.sourceforge.net/ruleset/2.0.0\">"
            + "<description>d</description><rule name=\"A\"/></ruleset>";

    assertTrue(BundledRuleset.excerpt(xml, Set.of("A")).isPresent());
    assertFalse(BundledRuleset.excerpt(xml, Set.of("A", "B")).isPresent());
    assertFalse(BundledRuleset.excerpt("<!DOCTYPE x []>" + xml, Set.of("A")).isPresent());
    assertFalse(
        BundledRuleset.excerpt(xml.replace("</ruleset>", "<description/></ruleset>"), Set.of("A"))
            .isPresent());
  }

  @Test
  void excerpt_shouldCutEveryCategoryTheQuickstartUses_whenReadingPmdsOwnFiles() throws Exception {
    Map<String, Set<String>> wanted = new LinkedHashMap<>();
    for (Rule r : loader().loadFromResource(QUICKSTART).getRules()) {
      String file = ((RuleReference) r).getRuleSetReference().getRuleSetFileName();
      wanted.computeIfAbsent(file, f -> new java.util.LinkedHashSet<>()).add(r.getName());
    }
    assertEquals(7, wanted.size(), wanted.keySet().toString());
    for (Map.Entry<String, Set<String>> e : wanted.entrySet()) {
      String xml;
      try (var in = getClass().getClassLoader().getResourceAsStream(e.getKey())) {
        xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      String cut =
          BundledRuleset.excerpt(xml, e.getValue())
              .orElseThrow(() -> new AssertionError(e.getKey()));
      assertTrue(cut.length() < xml.length(), e.getKey());
      assertEquals(
          e.getValue().size(),
          loader().loadFromString(e.getKey(), cut).getRules().size(),
          e.getKey());
    }
  }

  private static String sarif(AnalyzerOutcome outcome) {
    return SarifWriter.toJson(new SarifLog(List.of(outcome.run()))).toString();
  }

  /** Everything PMD's analysis and our SARIF read from a rule, in rule order. */
  private static List<Map<String, Object>> describe(RuleSet set) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Rule r : set.getRules()) {
      Rule impl = r instanceof RuleReference ref ? ref.getRule() : r;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", r.getName());
      d.put("class", impl.getClass().getName());
      d.put("ruleClass", r.getRuleClass());
      d.put("ruleSetName", r.getRuleSetName());
      d.put("language", r.getLanguage().getId());
      d.put("minimumLanguageVersion", String.valueOf(r.getMinimumLanguageVersion()));
      d.put("maximumLanguageVersion", String.valueOf(r.getMaximumLanguageVersion()));
      d.put("since", r.getSince());
      d.put("deprecated", r.isDeprecated());
      d.put("message", r.getMessage());
      d.put("description", r.getDescription());
      d.put("examples", r.getExamples());
      d.put("externalInfoUrl", r.getExternalInfoUrl());
      d.put("priority", r.getPriority());
      d.put("dysfunctionReason", String.valueOf(r.dysfunctionReason()));
      Map<String, String> properties = new LinkedHashMap<>();
      for (PropertyDescriptor<?> p : r.getPropertyDescriptors()) {
        properties.put(p.name(), value(r, p));
      }
      d.put("properties", properties);
      out.add(d);
    }
    return out;
  }

  private static String value(Rule rule, String property) {
    return value(rule, rule.getPropertyDescriptor(property));
  }

  private static <T> String value(Rule rule, PropertyDescriptor<T> p) {
    return p.serializer().toString(rule.getProperty(p));
  }
}
