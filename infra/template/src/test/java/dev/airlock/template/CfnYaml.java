package dev.airlock.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation YAML into plain maps, lists and scalars, the shape of the equivalent JSON
 * template. Short-form intrinsic tags become their long form: {@code !Ref X} is {@code {"Ref":
 * "X"}}, {@code !GetAtt A.B} is {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub s} is {@code
 * {"Fn::Sub": "s"}}, and so on.
 *
 * <p>Fails with {@link IllegalArgumentException} on malformed YAML, duplicate keys (CloudFormation
 * rejects them) or a top level that is not a mapping. YAML timestamps stay strings, because
 * CloudFormation has no date type ({@code '2012-10-17'} is a policy version, not a date).
 */
public final class CfnYaml {

  private static final List<String> FN_TAGS =
      List.of(
          "And",
          "Base64",
          "Cidr",
          "Equals",
          "FindInMap",
          "GetAZs",
          "If",
          "ImportValue",
          "Join",
          "Not",
          "Or",
          "Select",
          "Split",
          "Sub",
          "Transform",
          "Length",
          "ToJsonString");

  private CfnYaml() {}

  /** Parses the template file at {@code path}. */
  public static Map<String, Object> load(Path path) {
    try {
      return parse(Files.readString(path));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read template " + path, e);
    }
  }

  /** Parses template text. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object root;
    try {
      root = new Yaml(new CfnConstructor(options)).load(yaml);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed template YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map)) {
      throw new IllegalArgumentException("a template's top level must be a mapping");
    }
    return (Map<String, Object>) root;
  }

  private static final class CfnConstructor extends SafeConstructor {

    CfnConstructor(LoaderOptions options) {
      super(options);
      yamlConstructors.put(Tag.TIMESTAMP, yamlConstructors.get(Tag.STR));
      yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
      yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
      yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
      for (String fn : FN_TAGS) {
        yamlConstructors.put(new Tag("!" + fn), new Intrinsic("Fn::" + fn));
      }
    }

    private Object plain(Node node) {
      if (node instanceof ScalarNode scalar) {
        return constructScalar(scalar);
      }
      if (node instanceof SequenceNode sequence) {
        return new ArrayList<>(constructSequence(sequence));
      }
      if (node instanceof MappingNode mapping) {
        Map<Object, Object> map = new LinkedHashMap<>();
        constructMapping2ndStep(mapping, map);
        return map;
      }
      throw new IllegalArgumentException("unsupported YAML node " + node.getNodeId());
    }

    private final class Intrinsic extends AbstractConstruct {
      private final String key;

      Intrinsic(String key) {
        this.key = key;
      }

      @Override
      public Object construct(Node node) {
        Map<String, Object> intrinsic = new LinkedHashMap<>();
        intrinsic.put(key, plain(node));
        return intrinsic;
      }
    }

    /** {@code !GetAtt Resource.Attribute} splits at the first dot; attributes may hold dots. */
    private final class GetAtt extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        Object value = plain(node);
        if (value instanceof String text) {
          int dot = text.indexOf('.');
          if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("!GetAtt needs Resource.Attribute: " + text);
          }
          value = new ArrayList<>(List.of(text.substring(0, dot), text.substring(dot + 1)));
        }
        Map<String, Object> intrinsic = new LinkedHashMap<>();
        intrinsic.put("Fn::GetAtt", value);
        return intrinsic;
      }
    }
  }
}
