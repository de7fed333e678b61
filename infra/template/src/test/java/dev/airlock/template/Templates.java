package dev.airlock.template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test support: where the templates and fixtures are, and navigation into a parsed template. */
final class Templates {

  private Templates() {}

  /** Repository root: the surefire property, else the nearest ancestor holding template.yaml. */
  static Path repoRoot() {
    String configured = System.getProperty("airlock.repo.root");
    if (configured != null && Files.isRegularFile(Path.of(configured, "template.yaml"))) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("template.yaml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root (template.yaml)");
  }

  /** The shared fixtures directory ({@code ../shared/fixtures} beside the clone). */
  static Path fixtures() {
    String configured = System.getProperty("airlock.fixtures.dir");
    Path dir = configured != null ? Path.of(configured) : repoRoot().resolve("../shared/fixtures");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("fixtures directory missing: " + dir);
    }
    return dir.normalize();
  }

  /** A fresh, mutable parse of the production template. */
  static Map<String, Object> main() {
    return CfnYaml.load(repoRoot().resolve("template.yaml"));
  }

  /** A fresh, mutable parse of the replica-region template. */
  static Map<String, Object> replica() {
    return CfnYaml.load(repoRoot().resolve("infra/replica-region.yaml"));
  }

  static Map<String, Object> resource(Map<String, Object> template, String logicalId) {
    Map<String, Object> resource =
        TemplatePolicy.map(TemplatePolicy.path(template, "Resources", logicalId));
    if (resource == null) {
      throw new AssertionError("template has no resource " + logicalId);
    }
    return resource;
  }

  static Map<String, Object> props(Map<String, Object> template, String logicalId) {
    Map<String, Object> props = TemplatePolicy.map(resource(template, logicalId).get("Properties"));
    if (props == null) {
      throw new AssertionError(logicalId + " has no Properties");
    }
    return props;
  }

  /** The policy document of an IAM policy, key or bucket/queue policy resource. */
  static Map<String, Object> policyDocument(Map<String, Object> template, String logicalId) {
    Map<String, Object> props = props(template, logicalId);
    Object document =
        props.containsKey("KeyPolicy") ? props.get("KeyPolicy") : props.get("PolicyDocument");
    return TemplatePolicy.map(document);
  }

  /** The statement list of a policy resource, as stored (Fn::If elements included). */
  static List<Object> statementList(Map<String, Object> template, String logicalId) {
    return TemplatePolicy.list(policyDocument(template, logicalId).get("Statement"));
  }

  /** The statement with {@code sid} in a policy resource, looking inside Fn::If branches. */
  static Map<String, Object> statement(Map<String, Object> template, String logicalId, String sid) {
    for (Object element : statementList(template, logicalId)) {
      for (Object branch : TemplatePolicy.branches(element)) {
        Map<String, Object> statement = TemplatePolicy.map(branch);
        if (statement != null && sid.equals(statement.get("Sid"))) {
          return statement;
        }
      }
    }
    throw new AssertionError(logicalId + " has no statement " + sid);
  }

  /** The {@code RULE@Resource} keys of violations, in order. */
  static List<String> keys(List<TemplatePolicy.Violation> violations) {
    List<String> keys = new ArrayList<>();
    for (TemplatePolicy.Violation violation : violations) {
      keys.add(violation.key());
    }
    return keys;
  }

  /** A mutable list of strings, for replacing Action lists in place. */
  static List<Object> mutableList(Object... values) {
    return new ArrayList<>(List.of(values));
  }
}
