package dev.airlock.analyzers.sarif;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the SARIF 2.1.0 JSON of a {@link SarifLog}. It writes exactly the fields the {@link
 * SarifScrubber} keeps, so scrubbing the writer's output changes nothing but what limits cut.
 */
public final class SarifWriter {

  private SarifWriter() {}

  /** The log as a JSON tree. */
  public static ObjectNode toJson(SarifLog log) {
    ObjectNode root = SarifJson.object();
    root.put("$schema", SarifLog.SCHEMA_URI);
    root.put("version", SarifLog.VERSION);
    ArrayNode runs = root.putArray("runs");
    for (SarifRun run : log.runs()) {
      runs.add(run(run));
    }
    return root;
  }

  private static ObjectNode run(SarifRun run) {
    ObjectNode out = SarifJson.object();
    ObjectNode driver = out.putObject("tool").putObject("driver");
    driver.put("name", run.toolName());
    if (run.toolVersion() != null) {
      driver.put("version", run.toolVersion());
    }
    if (run.informationUri() != null) {
      driver.put("informationUri", run.informationUri());
    }
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> ruleIndex = new HashMap<>();
    Map<String, SarifRule> rulesById = new HashMap<>();
    for (SarifRule rule : run.rules()) {
      if (ruleIndex.putIfAbsent(rule.id(), rules.size()) != null) {
        continue;
      }
      rulesById.put(rule.id(), rule);
      rules.add(rule(rule));
    }
    ObjectNode invocation = out.putArray("invocations").addObject();
    invocation.put("executionSuccessful", run.executionSuccessful());
    if (!run.notes().isEmpty()) {
      ArrayNode notes = invocation.putArray("toolExecutionNotifications");
      for (ToolNote note : run.notes()) {
        notes.add(note(note));
      }
    }
    out.put("columnKind", "utf16CodeUnits");
    ArrayNode results = out.putArray("results");
    for (SarifResult result : run.results()) {
      SarifRule rule = rulesById.get(result.ruleId());
      if (rule == null) {
        throw new IllegalArgumentException("result references a rule the run does not declare");
      }
      results.add(result(result, rule, ruleIndex.get(result.ruleId())));
    }
    return out;
  }

  static ObjectNode note(ToolNote note) {
    ObjectNode out = SarifJson.object();
    out.putObject("descriptor").put("id", note.note().id());
    out.put("level", note.level().sarifName());
    out.putObject("message").put("text", note.text());
    return out;
  }

  private static ObjectNode rule(SarifRule rule) {
    ObjectNode out = SarifJson.object();
    out.put("id", rule.id());
    if (rule.name() != null) {
      out.put("name", rule.name());
    }
    out.putObject("shortDescription").put("text", rule.shortDescription());
    if (rule.fullDescription() != null) {
      out.putObject("fullDescription").put("text", rule.fullDescription());
    }
    if (rule.helpUri() != null) {
      out.put("helpUri", rule.helpUri());
    }
    out.putObject("defaultConfiguration").put("level", rule.defaultLevel().sarifName());
    return out;
  }

  private static ObjectNode result(SarifResult result, SarifRule rule, int index) {
    ObjectNode out = SarifJson.object();
    out.put("ruleId", result.ruleId());
    out.put("ruleIndex", index);
    out.put("level", result.level().sarifName());
    out.putObject("message").put("text", rule.shortDescription());
    ObjectNode physical = out.putArray("locations").addObject().putObject("physicalLocation");
    ObjectNode artifact = physical.putObject("artifactLocation");
    artifact.put("uri", SarifUris.encodePath(result.location().relativePath()));
    artifact.put("uriBaseId", SarifUris.SRCROOT);
    SarifRegion region = result.location().region();
    if (region != null) {
      ObjectNode r = physical.putObject("region");
      r.put("startLine", region.startLine());
      if (region.startColumn() > 0) {
        r.put("startColumn", region.startColumn());
      }
      if (region.endLine() > 0) {
        r.put("endLine", region.endLine());
      }
      if (region.endColumn() > 0) {
        r.put("endColumn", region.endColumn());
      }
    }
    if (!result.partialFingerprints().isEmpty()) {
      ObjectNode fingerprints = out.putObject("partialFingerprints");
      new TreeMap<>(result.partialFingerprints()).forEach(fingerprints::put);
    }
    return out;
  }
}
