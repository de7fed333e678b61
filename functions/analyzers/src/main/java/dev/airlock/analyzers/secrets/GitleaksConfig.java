package dev.airlock.analyzers.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A gitleaks rule file, compiled: the rules, the global allowlists, and what could not be compiled.
 *
 * <p>Read: {@code [[rules]]} with {@code id}, {@code description}, {@code regex}, {@code
 * secretGroup}, {@code entropy}, {@code keywords}, {@code path} and allowlists ({@code
 * [[rules.allowlists]]} or the older {@code [rules.allowlist]}); the global {@code [allowlist]} and
 * {@code [[allowlists]]}. Ignored: {@code title}, {@code minVersion}, {@code tags}, {@code
 * [extend]}, {@code required} (composite rules), {@code skipReport}.
 *
 * <p>A rule whose regex or path cannot be translated is skipped and listed in {@link #skipped()},
 * never fatal; an allowlist pattern that cannot be translated is dropped and counted (the finding
 * is then reported rather than silently allowed).
 *
 * @param rules compiled rules, in file order
 * @param allowlists global allowlists
 * @param skipped rules that could not be compiled
 * @param allowlistPatternsSkipped allowlist patterns that could not be compiled
 */
public record GitleaksConfig(
    List<SecretRule> rules,
    List<Allowlist> allowlists,
    List<SkippedRule> skipped,
    int allowlistPatternsSkipped) {

  /** Classpath location of the shipped gitleaks rule file (see the NOTICE beside it). */
  public static final String DEFAULT_RESOURCE = "/gitleaks/gitleaks.toml";

  /**
   * A rule left out.
   *
   * @param id its id (or {@code "(no id)"})
   * @param reason why, without the pattern text
   */
  public record SkippedRule(String id, String reason) {}

  public GitleaksConfig {
    rules = List.copyOf(rules);
    allowlists = List.copyOf(allowlists);
    skipped = List.copyOf(skipped);
  }

  /** The rule file shipped in this module. */
  public static GitleaksConfig loadDefault() {
    try (InputStream in = GitleaksConfig.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the gitleaks rule file is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses and compiles a rule file.
   *
   * @throws Toml.TomlException if the file is not valid TOML of the supported subset
   * @throws IllegalArgumentException if its structure is not a gitleaks configuration
   */
  public static GitleaksConfig parse(String toml) {
    Map<String, Object> root = Toml.parse(toml);
    int[] allowlistSkips = new int[1];
    List<Allowlist> global = new ArrayList<>();
    Object single = root.get("allowlist");
    if (single instanceof Map<?, ?> map) {
      global.add(allowlist(map, allowlistSkips));
    }
    for (Map<?, ?> map : tables(root.get("allowlists"))) {
      global.add(allowlist(map, allowlistSkips));
    }
    List<SecretRule> rules = new ArrayList<>();
    List<SkippedRule> skipped = new ArrayList<>();
    for (Map<?, ?> table : tables(root.get("rules"))) {
      String id = string(table.get("id"));
      String safeId = id == null || id.isBlank() ? "(no id)" : id;
      try {
        rules.add(rule(table, id, allowlistSkips));
      } catch (GoRegex.UnsupportedRegexException e) {
        skipped.add(new SkippedRule(safeId, "pattern not supported: " + e.getMessage()));
      } catch (IllegalArgumentException e) {
        skipped.add(new SkippedRule(safeId, "invalid rule: " + e.getMessage()));
      }
    }
    return new GitleaksConfig(rules, global, skipped, allowlistSkips[0]);
  }

  private static SecretRule rule(Map<?, ?> table, String id, int[] allowlistSkips) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("rule without id");
    }
    String description = string(table.get("description"));
    String regexText = string(table.get("regex"));
    String pathText = string(table.get("path"));
    GoRegex regex = regexText == null || regexText.isEmpty() ? null : GoRegex.compile(regexText);
    Pattern path =
        pathText == null || pathText.isEmpty() ? null : GoRegex.compile(pathText).pattern();
    int secretGroup = (int) number(table.get("secretGroup"));
    if (regex != null && secretGroup > regex.pattern().matcher("").groupCount()) {
      throw new IllegalArgumentException("secretGroup exceeds the pattern's groups");
    }
    List<Allowlist> allowlists = new ArrayList<>();
    if (table.get("allowlist") instanceof Map<?, ?> map) {
      allowlists.add(allowlist(map, allowlistSkips));
    }
    for (Map<?, ?> map : tables(table.get("allowlists"))) {
      allowlists.add(allowlist(map, allowlistSkips));
    }
    return new SecretRule(
        id,
        description == null || description.isBlank()
            ? "Secret detected by rule " + id
            : description,
        regex,
        secretGroup,
        number(table.get("entropy")),
        strings(table.get("keywords")),
        path,
        allowlists);
  }

  private static Allowlist allowlist(Map<?, ?> table, int[] skips) {
    String condition = string(table.get("condition"));
    String target = string(table.get("regexTarget"));
    return new Allowlist(
        condition != null && condition.trim().equalsIgnoreCase("AND")
            ? Allowlist.Condition.AND
            : Allowlist.Condition.OR,
        patterns(strings(table.get("paths")), skips),
        target == null
            ? Allowlist.RegexTarget.SECRET
            : switch (target.toLowerCase(Locale.ROOT)) {
              case "match" -> Allowlist.RegexTarget.MATCH;
              case "line" -> Allowlist.RegexTarget.LINE;
              default -> Allowlist.RegexTarget.SECRET;
            },
        patterns(strings(table.get("regexes")), skips),
        strings(table.get("stopwords")),
        !strings(table.get("commits")).isEmpty());
  }

  private static List<Pattern> patterns(List<String> sources, int[] skips) {
    List<Pattern> out = new ArrayList<>();
    for (String source : sources) {
      try {
        out.add(GoRegex.compile(source).pattern());
      } catch (GoRegex.UnsupportedRegexException e) {
        skips[0]++;
      }
    }
    return out;
  }

  private static List<Map<?, ?>> tables(Object value) {
    List<Map<?, ?>> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> map) {
          out.add(map);
        }
      }
    }
    return out;
  }

  private static String string(Object value) {
    return value instanceof String s ? s : null;
  }

  private static double number(Object value) {
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return Double.isFinite(d) && d > 0 ? d : 0;
    }
    return 0;
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
