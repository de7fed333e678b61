package dev.airlock.analyze.domain;

import dev.airlock.analyze.port.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The parent's own copy of what the bundled analyzers may report: per tool, its version, its
 * information URI and the text of every rule. {@link SarifSanitizer} takes tool and rule text from
 * here, never from the sandboxed process, so an analyzer that a hostile repository managed to
 * subvert cannot write code into a rule's name or description: the most it controls is which
 * catalogued rules fire where.
 *
 * <p>The shipped catalog ({@link #BUNDLED_RESOURCE}) is generated from the analyzers themselves and
 * checked against them by {@code RuleCatalogTest}, so it cannot drift from what they write.
 */
public final class RuleCatalog {

  /** Class-path resource of the shipped catalog. */
  public static final String BUNDLED_RESOURCE = "/dev/airlock/analyze/rule-catalog.json";

  /**
   * One catalogued rule: the text the stored SARIF carries for it.
   *
   * @param id rule id, non-blank
   * @param name short name, or {@code null}
   * @param shortDescription one line; results of the rule use it as their message
   * @param fullDescription longer static description, or {@code null}
   * @param helpUri documentation URL, or {@code null}
   */
  public record Rule(
      String id, String name, String shortDescription, String fullDescription, String helpUri) {
    /**
     * @throws IllegalArgumentException if the id or short description is missing
     */
    public Rule {
      if (id == null || id.isBlank() || shortDescription == null || shortDescription.isBlank()) {
        throw new IllegalArgumentException("a catalogued rule needs an id and a short description");
      }
    }
  }

  /**
   * One analyzer (a SARIF {@code tool.driver}).
   *
   * @param name driver name, non-blank
   * @param version driver version, or {@code null}
   * @param informationUri driver information URI, or {@code null}
   * @param rules its rules by id
   */
  public record Tool(String name, String version, String informationUri, Map<String, Rule> rules) {
    /**
     * @throws IllegalArgumentException if the name is missing
     */
    public Tool {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a catalogued tool needs a name");
      }
      rules = Map.copyOf(rules);
    }
  }

  private final Supplier<Map<String, Tool>> tools;

  private RuleCatalog(Supplier<Map<String, Tool>> tools) {
    this.tools = tools;
  }

  /** A catalog of exactly these tools. */
  public static RuleCatalog of(List<Tool> tools) {
    Map<String, Tool> byName = index(tools);
    return new RuleCatalog(() -> byName);
  }

  /**
   * The shipped catalog, read and parsed on first use (an invocation that analyzes nothing never
   * pays for it).
   *
   * @throws IllegalStateException on first use, if the resource is missing or malformed (a broken
   *     build: nothing could be stored safely without it)
   */
  public static RuleCatalog bundled(JsonCodec json) {
    Objects.requireNonNull(json, "json");
    return new RuleCatalog(
        new Supplier<>() {
          private volatile Map<String, Tool> loaded;

          @Override
          public Map<String, Tool> get() {
            Map<String, Tool> t = loaded;
            if (t == null) {
              synchronized (this) {
                t = loaded;
                if (t == null) {
                  t = index(parse(json.read(resource()), BUNDLED_RESOURCE));
                  loaded = t;
                }
              }
            }
            return t;
          }
        });
  }

  /** The tool of this driver name, if catalogued. */
  public Optional<Tool> tool(String name) {
    return Optional.ofNullable(name == null ? null : tools.get().get(name));
  }

  /** Every catalogued tool, by name. */
  public Map<String, Tool> tools() {
    return tools.get();
  }

  /**
   * The catalog as plain JSON values ({@code {"tools":[{name, version, informationUri,
   * rules:[...]}]}}), the shape {@link #parse} reads.
   */
  public Map<String, Object> toJson() {
    List<Object> out =
        tools.get().values().stream()
            .sorted(Comparator.comparing(Tool::name))
            .map(t -> (Object) toolJson(t))
            .toList();
    return Map.of("tools", out);
  }

  /**
   * Reads the shape {@link #toJson} writes.
   *
   * @param where names the source in the exception message
   * @throws IllegalStateException if the value is not a well-formed catalog
   */
  public static List<Tool> parse(Object value, String where) {
    try {
      List<Tool> tools = new ArrayList<>();
      for (Object t : (List<?>) ((Map<?, ?>) value).get("tools")) {
        Map<?, ?> tool = (Map<?, ?>) t;
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Object r : (List<?>) tool.get("rules")) {
          Map<?, ?> rule = (Map<?, ?>) r;
          Rule parsed =
              new Rule(
                  (String) rule.get("id"),
                  (String) rule.get("name"),
                  (String) rule.get("shortDescription"),
                  (String) rule.get("fullDescription"),
                  (String) rule.get("helpUri"));
          if (rules.putIfAbsent(parsed.id(), parsed) != null) {
            throw new IllegalStateException("duplicate rule id in " + where);
          }
        }
        tools.add(
            new Tool(
                (String) tool.get("name"),
                (String) tool.get("version"),
                (String) tool.get("informationUri"),
                rules));
      }
      return tools;
    } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new IllegalStateException("malformed rule catalog " + where, e);
    }
  }

  private static Map<String, Object> toolJson(Tool tool) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", tool.name());
    putIfPresent(t, "version", tool.version());
    putIfPresent(t, "informationUri", tool.informationUri());
    t.put(
        "rules",
        tool.rules().values().stream()
            .sorted(Comparator.comparing(Rule::id))
            .map(
                r -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", r.id());
                  putIfPresent(m, "name", r.name());
                  m.put("shortDescription", r.shortDescription());
                  putIfPresent(m, "fullDescription", r.fullDescription());
                  putIfPresent(m, "helpUri", r.helpUri());
                  return (Object) m;
                })
            .toList());
    return t;
  }

  private static void putIfPresent(Map<String, Object> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static Map<String, Tool> index(List<Tool> tools) {
    Map<String, Tool> byName = new LinkedHashMap<>();
    for (Tool t : tools) {
      if (byName.putIfAbsent(t.name(), t) != null) {
        throw new IllegalArgumentException("duplicate tool in the rule catalog");
      }
    }
    return Map.copyOf(byName);
  }

  private static byte[] resource() {
    try (InputStream in = RuleCatalog.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the rule catalog is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
