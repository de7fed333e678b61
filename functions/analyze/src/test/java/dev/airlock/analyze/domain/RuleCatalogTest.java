package dev.airlock.analyze.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.adapter.json.SerdeJsonCodec;
import dev.airlock.analyzers.AnalyzerRequest;
import dev.airlock.analyzers.pmd.PmdAnalyzer;
import dev.airlock.analyzers.sarif.SarifRule;
import dev.airlock.analyzers.secrets.SecretsAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import net.sourceforge.pmd.PMDVersion;
import org.junit.jupiter.api.Test;

/**
 * The shipped rule catalog is exactly what the bundled analyzers describe. When an analyzer's rules
 * change (a PMD or gitleaks upgrade), this fails; regenerate the catalog with {@code ./mvnw -B -pl
 * functions/analyze -am test -Dtest=RuleCatalogTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dairlock.writeRuleCatalog=true} and review the diff.
 */
class RuleCatalogTest {
  private static final SerdeJsonCodec JSON = SerdeJsonCodec.createDefault();
  private static final Path SOURCE = Path.of("src/main/resources" + RuleCatalog.BUNDLED_RESOURCE);

  /** Every rule of every PMD Java category (any bundled ruleset is a subset), and every secret. */
  private static RuleCatalog described() {
    Properties categories = new Properties();
    try (InputStream in =
        PMDVersion.class
            .getClassLoader()
            .getResourceAsStream("category/java/categories.properties")) {
      categories.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> rulesets =
        Arrays.stream(categories.getProperty("rulesets.filenames").split(","))
            .map(String::trim)
            .toList();
    return RuleCatalog.of(
        List.of(
            tool(
                PmdAnalyzer.TOOL_NAME,
                PMDVersion.VERSION,
                PmdAnalyzer.INFORMATION_URI,
                PmdAnalyzer.describeRules(rulesets)),
            tool(
                SecretsAnalyzer.TOOL_NAME,
                SecretsAnalyzer.TOOL_VERSION,
                SecretsAnalyzer.INFORMATION_URI,
                new SecretsAnalyzer().describeRules())));
  }

  private static RuleCatalog.Tool tool(
      String name, String version, String uri, List<SarifRule> rules) {
    Map<String, RuleCatalog.Rule> byId = new LinkedHashMap<>();
    for (SarifRule r : rules) {
      byId.putIfAbsent(
          r.id(),
          new RuleCatalog.Rule(
              r.id(), r.name(), r.shortDescription(), r.fullDescription(), r.helpUri()));
    }
    return new RuleCatalog.Tool(name, version, uri, byId);
  }

  @Test
  void bundled_shouldEqualWhatTheBundledAnalyzersDescribe() throws IOException {
    Map<String, Object> expected = described().toJson();
    if (Boolean.getBoolean("airlock.writeRuleCatalog")) {
      Files.createDirectories(SOURCE.getParent());
      Files.write(SOURCE, lines(expected));
    }

    RuleCatalog bundled = RuleCatalog.bundled(JSON);

    assertEquals(
        JSON.read(JSON.write(expected)),
        JSON.read(JSON.write(bundled.toJson())),
        "the shipped catalog differs from the analyzers; see this test's javadoc to regenerate it");
    assertTrue(bundled.tool(PmdAnalyzer.TOOL_NAME).orElseThrow().rules().size() > 200);
    assertTrue(bundled.tool(SecretsAnalyzer.TOOL_NAME).orElseThrow().rules().size() > 100);
  }

  @Test
  void bundled_shouldDescribeTheDefaultRulesetExactlyAsTheAnalyzerWritesIt() {
    RuleCatalog.Tool pmd = RuleCatalog.bundled(JSON).tool(PmdAnalyzer.TOOL_NAME).orElseThrow();

    List<SarifRule> defaults =
        PmdAnalyzer.describeRules(List.of(AnalyzerRequest.DEFAULT_PMD_RULESET));

    assertFalse(defaults.isEmpty());
    for (SarifRule r : defaults) {
      assertEquals(
          new RuleCatalog.Rule(
              r.id(), r.name(), r.shortDescription(), r.fullDescription(), r.helpUri()),
          pmd.rules().get(r.id()),
          r.id());
    }
  }

  @Test
  void parse_shouldRefuse_whenARuleLacksItsDescriptionOrIsListedTwice() {
    Object missing =
        JSON.read(
            "{\"tools\":[{\"name\":\"t\",\"rules\":[{\"id\":\"r\"}]}]}"
                .getBytes(StandardCharsets.UTF_8));
    Object twice =
        JSON.read(
            ("{\"tools\":[{\"name\":\"t\",\"rules\":[{\"id\":\"r\",\"shortDescription\":\"a\"},"
                    + "{\"id\":\"r\",\"shortDescription\":\"b\"}]}]}")
                .getBytes(StandardCharsets.UTF_8));

    assertThrows(IllegalStateException.class, () -> RuleCatalog.parse(missing, "test"));
    assertThrows(IllegalStateException.class, () -> RuleCatalog.parse(twice, "test"));
  }

  /** One rule per line, so an upgrade's diff is readable. */
  private static List<String> lines(Map<String, Object> catalog) {
    List<String> out = new ArrayList<>();
    out.add("{\"tools\": [");
    List<?> tools = (List<?>) catalog.get("tools");
    for (int t = 0; t < tools.size(); t++) {
      Map<?, ?> tool = (Map<?, ?>) tools.get(t);
      Map<String, Object> header = new LinkedHashMap<>();
      tool.forEach(
          (k, v) -> {
            if (!"rules".equals(k)) {
              header.put((String) k, v);
            }
          });
      String h = new String(JSON.write(header), StandardCharsets.UTF_8);
      out.add("  " + h.substring(0, h.length() - 1) + ", \"rules\": [");
      List<?> rules = (List<?>) tool.get("rules");
      for (int r = 0; r < rules.size(); r++) {
        out.add(
            "    "
                + new String(JSON.write(rules.get(r)), StandardCharsets.UTF_8)
                + (r + 1 < rules.size() ? "," : ""));
      }
      out.add("  ]}" + (t + 1 < tools.size() ? "," : ""));
    }
    out.add("]}");
    return out;
  }
}
