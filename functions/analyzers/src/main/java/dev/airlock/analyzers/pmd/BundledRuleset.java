package dev.airlock.analyzers.pmd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import net.sourceforge.pmd.lang.rule.Rule;
import net.sourceforge.pmd.lang.rule.RulePriority;
import net.sourceforge.pmd.lang.rule.RuleSet;
import net.sourceforge.pmd.lang.rule.RuleSetLoader;
import net.sourceforge.pmd.properties.PropertyDescriptor;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Loads a bundled ruleset that only references rules of PMD's category files (such as {@code
 * rulesets/java/quickstart.xml}) by reading each referenced category file once.
 *
 * <p>Why: PMD's own loader parses the whole category file again for every {@code <rule
 * ref="category/.../x.xml/Name"/>} (its per-reference factory starts with an empty cache), with a
 * position-tracking XML reader whose line index costs about as much as the parse. For the
 * quickstart's 122 references that is ~120 parses of 60-150 KB files: about three seconds of CPU in
 * a C1-only analyzer JVM, most of what a 15-file push costs. Here each category file is parsed
 * once, through PMD's own loader (same rule construction, same category names), from an excerpt of
 * it holding only the referenced rules' definitions (about a third of its bytes for the quickstart;
 * the whole file where it cannot be cut safely), and the rules are taken by name in the ruleset's
 * order, with the ruleset's property values set as PMD sets them (the property's own parser).
 *
 * <p>Only the plain form is taken: a {@code ruleset} with a {@code description} and {@code rule}
 * elements, each with a {@code ref} attribute naming one rule of one category file and, at most,
 * {@code <properties><property name="..." value="..."/></properties>}; every rule named once; no
 * minimum priority. Anything else (a priority or message override, exclude patterns, a whole
 * category, a rule defined inline, an unknown property or value) makes {@link #load} return empty,
 * and the caller hands the ruleset to PMD's own loader. {@code BundledRulesetTest} checks, rule by
 * rule and over analyzed code, that the result is the one PMD's loader gives.
 */
public final class BundledRuleset {

  private static final String NS = "http://pmd.sourceforge.net/ruleset/2.0.0";

  /** {@code category/<language>/<file>.xml/<RuleName>}: one rule of one bundled category file. */
  private static final Pattern RULE_REF =
      Pattern.compile("(category/[a-z0-9]+/[a-z0-9]+\\.xml)/([A-Za-z][A-Za-z0-9_]*)");

  private BundledRuleset() {}

  /** One referenced rule and the property values the ruleset gives it. */
  private record Ref(String categoryFile, String ruleName, Map<String, String> properties) {}

  /** The parsed form of a plain referencing ruleset. */
  private record Plain(String name, String description, List<Ref> refs) {}

  /**
   * The rulesets, each loaded as described above, in order; empty if any of them is not of the
   * plain form or fails to load that way (then nothing of it is used).
   *
   * @param loader PMD's loader configured from the analysis configuration ({@link
   *     RuleSetLoader#fromPmdConfig})
   * @param minimumPriority the configuration's minimum priority; anything but {@link
   *     RulePriority#LOW} (no filtering) is left to PMD
   * @param references bundled ruleset resources, read from this class's class loader
   */
  public static Optional<List<RuleSet>> load(
      RuleSetLoader loader, RulePriority minimumPriority, List<String> references) {
    if (minimumPriority != RulePriority.LOW) {
      return Optional.empty();
    }
    try {
      List<RuleSet> sets = new ArrayList<>();
      for (String reference : references) {
        Optional<Plain> plain = parse(reference);
        if (plain.isEmpty()) {
          return Optional.empty();
        }
        Optional<RuleSet> set = resolve(loader, reference, plain.get());
        if (set.isEmpty()) {
          return Optional.empty();
        }
        sets.add(set.get());
      }
      return Optional.of(List.copyOf(sets));
    } catch (RuntimeException e) {
      // PMD's own loader then reports whatever is wrong, as it always did
      return Optional.empty();
    }
  }

  private static Optional<RuleSet> resolve(RuleSetLoader loader, String reference, Plain plain) {
    // category files are loaded as PMD loads a referenced file: all priorities, no deprecation
    // warnings; each once, cut down to the rules referenced from it
    RuleSetLoader categories = loader.filterAbovePriority(RulePriority.LOW).warnDeprecated(false);
    Map<String, Set<String>> wanted = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>();
    for (Ref ref : plain.refs()) {
      if (!names.add(ref.ruleName())) {
        return Optional.empty(); // PMD's last-one-wins replacement: not this path
      }
      wanted.computeIfAbsent(ref.categoryFile(), f -> new LinkedHashSet<>()).add(ref.ruleName());
    }
    Map<String, RuleSet> loaded = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> category : wanted.entrySet()) {
      loaded.put(
          category.getKey(), loadCategory(categories, category.getKey(), category.getValue()));
    }
    List<Rule> rules = new ArrayList<>();
    for (Ref ref : plain.refs()) {
      Rule rule = loaded.get(ref.categoryFile()).getRuleByName(ref.ruleName());
      if (rule == null) {
        return Optional.empty();
      }
      for (Map.Entry<String, String> p : ref.properties().entrySet()) {
        PropertyDescriptor<?> descriptor = rule.getPropertyDescriptor(p.getKey());
        if (descriptor == null) {
          return Optional.empty();
        }
        set(rule, descriptor, p.getValue());
      }
      rules.add(rule);
    }
    return Optional.of(
        RuleSet.create(plain.name(), plain.description(), reference, List.of(), List.of(), rules));
  }

  /**
   * The category file's rules, parsed by PMD from an excerpt holding only the {@code names} rules'
   * definitions (the quickstart uses about a third of each file's bytes), or from the whole file if
   * it cannot be cut safely.
   */
  private static RuleSet loadCategory(RuleSetLoader loader, String file, Set<String> names) {
    Optional<String> excerpt = Optional.empty();
    try (InputStream in = BundledRuleset.class.getClassLoader().getResourceAsStream(file)) {
      if (in != null) {
        excerpt = excerpt(new String(in.readAllBytes(), StandardCharsets.UTF_8), names);
      }
    } catch (IOException e) {
      excerpt = Optional.empty();
    }
    if (excerpt.isPresent()) {
      RuleSet set = loader.loadFromString(file, excerpt.get());
      if (set.getRules().size() == names.size()) {
        return set;
      }
    }
    return loader.loadFromResource(file);
  }

  /**
   * A category file cut down to everything before its first {@code rule} element (declaration,
   * {@code ruleset} start tag, description) and the complete {@code rule} elements named {@code
   * names}, in file order; empty if the file is not of that shape (a comment or CDATA section is
   * skipped as a whole, a doctype or anything after the rules but rules refuses), or a name is
   * missing.
   */
  static Optional<String> excerpt(String xml, Set<String> names) {
    StringBuilder rules = new StringBuilder();
    Set<String> found = new LinkedHashSet<>();
    int firstRule = -1;
    int depth = 0;
    int ruleStart = -1;
    String ruleName = null;
    int i = 0;
    while ((i = xml.indexOf('<', i)) >= 0) {
      if (xml.startsWith("<!--", i)) {
        i = after(xml, i, "-->");
      } else if (xml.startsWith("<![CDATA[", i)) {
        i = after(xml, i, "]]>");
      } else if (xml.startsWith("<?", i)) {
        i = after(xml, i, "?>");
      } else if (xml.startsWith("<!", i)) {
        return Optional.empty();
      } else if (xml.startsWith("</", i)) {
        int end = after(xml, i, ">");
        if (end < 0 || --depth < 0) {
          return Optional.empty();
        }
        if (depth == 1 && ruleStart >= 0) {
          if (!xml.substring(i, end).matches("</rule\\s*>")) {
            return Optional.empty();
          }
          keep(xml.substring(ruleStart, end), ruleName, names, rules, found);
          ruleStart = -1;
        }
        i = end;
      } else {
        int end = endOfTag(xml, i);
        if (end < 0) {
          return Optional.empty();
        }
        String tag = xml.substring(i, end);
        boolean selfClosing = tag.endsWith("/>");
        if (depth == 1) {
          Matcher m = RULE_START.matcher(tag);
          if (!m.lookingAt()) {
            if (firstRule >= 0) {
              return Optional.empty();
            }
          } else {
            firstRule = firstRule < 0 ? i : firstRule;
            Matcher name = NAME_ATTRIBUTE.matcher(tag);
            if (!name.find()) {
              return Optional.empty();
            }
            if (selfClosing) {
              keep(tag, name.group(1), names, rules, found);
            } else {
              ruleStart = i;
              ruleName = name.group(1);
            }
          }
        }
        if (!selfClosing) {
          depth++;
        }
        i = end;
      }
      if (i < 0) {
        return Optional.empty();
      }
    }
    if (depth != 0 || firstRule < 0 || ruleStart >= 0 || !found.equals(names)) {
      return Optional.empty();
    }
    return Optional.of(xml.substring(0, firstRule) + rules + "\n</ruleset>\n");
  }

  private static final Pattern RULE_START = Pattern.compile("<rule[\\s/>]");
  private static final Pattern NAME_ATTRIBUTE = Pattern.compile("\\sname\\s*=\\s*\"([^\"]*)\"");

  private static void keep(
      String element, String name, Set<String> names, StringBuilder out, Set<String> found) {
    if (names.contains(name) && found.add(name)) {
      out.append(element).append("\n\n    ");
    }
  }

  /** The index just past {@code close} from {@code from}, or -1. */
  private static int after(String xml, int from, String close) {
    int e = xml.indexOf(close, from);
    return e < 0 ? -1 : e + close.length();
  }

  /** The index just past a start tag's {@code >} (quoted attribute values skipped), or -1. */
  private static int endOfTag(String xml, int from) {
    char quote = 0;
    for (int j = from + 1; j < xml.length(); j++) {
      char c = xml.charAt(j);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return j + 1;
      } else if (c == '<') {
        return -1;
      }
    }
    return -1;
  }

  private static <T> void set(Rule rule, PropertyDescriptor<T> descriptor, String value) {
    rule.setProperty(descriptor, descriptor.serializer().fromString(value));
  }

  /** The ruleset's plain form, or empty if it has anything else. */
  static Optional<Plain> parse(String reference) {
    Document doc;
    try (InputStream in = BundledRuleset.class.getClassLoader().getResourceAsStream(reference)) {
      if (in == null) {
        return Optional.empty();
      }
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      doc = f.newDocumentBuilder().parse(in);
    } catch (IOException | ParserConfigurationException | SAXException e) {
      return Optional.empty();
    }
    Element root = doc.getDocumentElement();
    if (!is(root, "ruleset") || !root.hasAttribute("name")) {
      return Optional.empty();
    }
    String description = null;
    List<Ref> refs = new ArrayList<>();
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() != Node.ELEMENT_NODE) {
        continue;
      }
      Element e = (Element) n;
      if (is(e, "description") && description == null) {
        description = e.getTextContent();
      } else if (is(e, "rule")) {
        Optional<Ref> ref = ref(e);
        if (ref.isEmpty()) {
          return Optional.empty();
        }
        refs.add(ref.get());
      } else {
        return Optional.empty();
      }
    }
    if (description == null || refs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Plain(root.getAttribute("name"), description, List.copyOf(refs)));
  }

  private static Optional<Ref> ref(Element rule) {
    if (!onlyAttributes(rule, Set.of("ref"))) {
      return Optional.empty();
    }
    Matcher m = RULE_REF.matcher(rule.getAttribute("ref"));
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> properties = new LinkedHashMap<>();
    boolean seenProperties = false;
    for (Node n = rule.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.COMMENT_NODE || blank(n)) {
        continue;
      }
      if (n.getNodeType() != Node.ELEMENT_NODE
          || !is((Element) n, "properties")
          || seenProperties
          || !onlyAttributes((Element) n, Set.of())) {
        return Optional.empty();
      }
      seenProperties = true;
      for (Node p = n.getFirstChild(); p != null; p = p.getNextSibling()) {
        if (p.getNodeType() == Node.COMMENT_NODE || blank(p)) {
          continue;
        }
        if (p.getNodeType() != Node.ELEMENT_NODE
            || !is((Element) p, "property")
            || !onlyAttributes((Element) p, Set.of("name", "value"))
            || !((Element) p).hasAttribute("value")
            || p.hasChildNodes()
            || properties.put(
                    ((Element) p).getAttribute("name"), ((Element) p).getAttribute("value"))
                != null) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(new Ref(m.group(1), m.group(2), properties));
  }

  private static boolean is(Element e, String localName) {
    return NS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
  }

  private static boolean blank(Node n) {
    return n.getNodeType() == Node.TEXT_NODE && n.getNodeValue().isBlank();
  }

  /** Whether every attribute is one of {@code allowed} (namespace declarations aside). */
  private static boolean onlyAttributes(Element e, Set<String> allowed) {
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Node a = attrs.item(i);
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
        continue;
      }
      if (a.getNamespaceURI() != null || !allowed.contains(a.getLocalName())) {
        return false;
      }
    }
    return true;
  }
}
