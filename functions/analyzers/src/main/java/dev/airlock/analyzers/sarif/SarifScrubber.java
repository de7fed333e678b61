package dev.airlock.analyzers.sarif;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rebuilds any SARIF 2.1.0 log, including a third-party tool's, from an allow-list of fields that
 * cannot carry source text, then cuts it to fit {@link SarifLimits}. It never fails on content:
 * what it cannot keep safely it drops.
 *
 * <p>Kept: {@code $schema} (rewritten), {@code version}; per run the driver's name, version,
 * semantic version, information URI and rules (id, name, short/full description text, help URI,
 * default level); one invocation with {@code executionSuccessful} and the notifications of
 * Airlock's own catalogue ({@link AirlockNote}); {@code columnKind}; per result the rule id and
 * index, level, kind, baseline state, suppression kind/status, fingerprints that look like digests,
 * and locations reduced to a safe relative artifact URI plus region line/column/offset numbers.
 *
 * <p>Dropped, among everything else: snippets, context regions, region and location messages, code
 * flows and thread flows (with their state), stacks, related locations, fixes, graphs, attachments,
 * artifacts and their contents, logical locations, every {@code properties} bag, message arguments
 * and markdown, invocation command lines, environment and working directory, original URI base ids
 * (they hold sandbox paths), version-control provenance. A result's message is replaced by its
 * rule's short description (or a generic sentence naming the rule id), because tools put code in
 * messages ("Avoid unused local variables such as 'password'").
 */
public final class SarifScrubber {

  /**
   * Per-run counts of what scrubbing and limits removed.
   *
   * @param resultsIn results in the input run
   * @param resultsKept results in the output run
   * @param truncatedByCount results dropped by the per-run cap
   * @param truncatedBySize results dropped to fit the gzipped size cap
   * @param locationsDropped locations dropped for an unsafe or missing URI
   * @param notificationsDropped notifications dropped (not Airlock's own)
   */
  public record RunStats(
      int resultsIn,
      int resultsKept,
      int truncatedByCount,
      int truncatedBySize,
      int locationsDropped,
      int notificationsDropped) {}

  /**
   * The scrubbed log and what was removed.
   *
   * @param log the scrubbed log
   * @param runs per-run counts, in run order
   * @param gzipBytes gzipped size of the scrubbed log's compact JSON
   */
  public record Outcome(ObjectNode log, List<RunStats> runs, long gzipBytes) {}

  private static final int MAX_RUNS = 20;
  private static final int MAX_TEXT = 1024;
  private static final int MAX_ID = 255;
  private static final Set<String> RESULT_KINDS =
      Set.of("notApplicable", "pass", "fail", "review", "open", "informational");
  private static final Set<String> BASELINE_STATES =
      Set.of("new", "unchanged", "updated", "absent");
  private static final Set<String> SUPPRESSION_KINDS = Set.of("inSource", "external");
  private static final Set<String> SUPPRESSION_STATUSES =
      Set.of("accepted", "underReview", "rejected");
  private static final Set<String> COLUMN_KINDS = Set.of("utf16CodeUnits", "unicodeCodePoints");
  private static final Pattern FINGERPRINT_KEY = Pattern.compile("[A-Za-z0-9_./-]{1,64}");
  // Digests only (hex, optionally ":n" as GitHub's primaryLocationLineHash): a value a tool copied
  // from the code rarely has this shape. A hex-only secret still could; see the module's notes.
  private static final Pattern FINGERPRINT_VALUE = Pattern.compile("[0-9a-fA-F]{16,128}(:[0-9]+)?");
  private static final Pattern HTTP_URI = Pattern.compile("https?://[\\x21-\\x7e]{1,2000}");
  private static final Pattern VERSION = Pattern.compile("[\\x20-\\x7e]{1,100}");

  private final SarifLimits limits;

  /** A scrubber cutting to {@code limits}. */
  public SarifScrubber(SarifLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Scrubs SARIF JSON text; malformed JSON yields a log with no runs. */
  public Outcome scrub(String json) {
    JsonNode input;
    try {
      input = SarifJson.parse(json);
    } catch (RuntimeException e) {
      input = SarifJson.object();
    }
    return scrub(input);
  }

  /** Scrubs a SARIF tree. The input is not modified. */
  public Outcome scrub(JsonNode input) {
    ObjectNode out = SarifJson.object();
    out.put("$schema", SarifLog.SCHEMA_URI);
    out.put("version", SarifLog.VERSION);
    ArrayNode runs = out.putArray("runs");
    List<RunState> states = new ArrayList<>();
    for (JsonNode run : input.path("runs")) {
      if (run.isObject() && states.size() < MAX_RUNS) {
        RunState state = scrubRun(run);
        states.add(state);
        runs.add(state.out);
      }
    }
    long size = fitSize(out, states);
    List<RunStats> stats = new ArrayList<>();
    for (RunState s : states) {
      stats.add(
          new RunStats(
              s.resultsIn,
              s.results().size(),
              s.truncatedByCount,
              s.truncatedBySize,
              s.locationsDropped,
              s.notificationsDropped));
    }
    return new Outcome(out, stats, size);
  }

  private static final class RunState {
    final ObjectNode out = SarifJson.object();
    int resultsIn;
    int truncatedByCount;
    int truncatedBySize;
    int locationsDropped;
    int notificationsDropped;
    int sizeCapBase;
    ArrayNode notes;

    ArrayNode results() {
      return (ArrayNode) out.get("results");
    }
  }

  private RunState scrubRun(JsonNode run) {
    RunState state = new RunState();
    JsonNode driverIn = run.path("tool").path("driver");
    ObjectNode driver = state.out.putObject("tool").putObject("driver");
    String name = text(driverIn.path("name"), MAX_ID);
    driver.put("name", name == null ? "unknown" : name);
    putIfMatches(driver, "version", driverIn.path("version"), VERSION);
    putIfMatches(driver, "semanticVersion", driverIn.path("semanticVersion"), VERSION);
    putIfMatches(driver, "informationUri", driverIn.path("informationUri"), HTTP_URI);

    List<String> inputRuleIds = new ArrayList<>();
    Map<String, Integer> ruleIndex = new HashMap<>();
    Map<String, String> ruleMessage = new HashMap<>();
    ArrayNode rules = driver.putArray("rules");
    for (JsonNode ruleIn : driverIn.path("rules")) {
      String id = text(ruleIn.path("id"), MAX_ID);
      inputRuleIds.add(id);
      if (id == null || ruleIndex.containsKey(id) || rules.size() >= limits.maxRulesPerRun()) {
        continue;
      }
      ruleIndex.put(id, rules.size());
      ObjectNode rule = rules.addObject();
      rule.put("id", id);
      String ruleName = text(ruleIn.path("name"), MAX_ID);
      if (ruleName != null) {
        rule.put("name", ruleName);
      }
      String shortText = text(ruleIn.path("shortDescription").path("text"), MAX_TEXT);
      if (shortText != null) {
        rule.putObject("shortDescription").put("text", shortText);
        ruleMessage.put(id, shortText);
      }
      String fullText = text(ruleIn.path("fullDescription").path("text"), MAX_TEXT);
      if (fullText != null) {
        rule.putObject("fullDescription").put("text", fullText);
      }
      putIfMatches(rule, "helpUri", ruleIn.path("helpUri"), HTTP_URI);
      String level = level(ruleIn.path("defaultConfiguration").path("level"));
      if (level != null) {
        rule.putObject("defaultConfiguration").put("level", level);
      }
    }

    ObjectNode invocation = state.out.putArray("invocations").addObject();
    boolean success = true;
    List<JsonNode> notesIn = new ArrayList<>();
    for (JsonNode inv : run.path("invocations")) {
      JsonNode ok = inv.path("executionSuccessful");
      if (ok.isBoolean() && !ok.asBoolean()) {
        success = false;
      }
      inv.path("toolConfigurationNotifications").forEach(notesIn::add);
      inv.path("toolExecutionNotifications").forEach(notesIn::add);
    }
    invocation.put("executionSuccessful", success);
    for (JsonNode noteIn : notesIn) {
      ObjectNode note = note(noteIn);
      if (note == null) {
        state.notificationsDropped++;
      } else {
        notes(state, invocation).add(note);
      }
    }
    String columnKind = text(run.path("columnKind"), 32);
    if (columnKind != null && COLUMN_KINDS.contains(columnKind)) {
      state.out.put("columnKind", columnKind);
    }

    ArrayNode results = state.out.putArray("results");
    JsonNode artifacts = run.path("artifacts");
    for (JsonNode resultIn : run.path("results")) {
      if (!resultIn.isObject()) {
        continue;
      }
      state.resultsIn++;
      if (results.size() >= limits.maxResultsPerRun()) {
        state.truncatedByCount++;
        continue;
      }
      results.add(result(resultIn, state, inputRuleIds, ruleIndex, ruleMessage, artifacts));
    }
    if (state.truncatedByCount > 0) {
      notes(state, invocation)
          .add(
              SarifWriter.note(
                  ToolNote.of(
                      AirlockNote.RESULTS_TRUNCATED,
                      SarifLevel.WARNING,
                      (long) results.size(),
                      (long) state.resultsIn,
                      (long) limits.maxResultsPerRun())));
    }
    return state;
  }

  private static ArrayNode notes(RunState state, ObjectNode invocation) {
    if (state.notes == null) {
      state.notes = invocation.putArray("toolExecutionNotifications");
    }
    return state.notes;
  }

  private static ObjectNode note(JsonNode noteIn) {
    String id = text(noteIn.path("descriptor").path("id"), MAX_ID);
    String message = text(noteIn.path("message").path("text"), MAX_TEXT);
    AirlockNote note = id == null ? null : AirlockNote.byId(id).orElse(null);
    if (note == null || !note.matchesText(message)) {
      return null;
    }
    ObjectNode out = SarifJson.object();
    out.putObject("descriptor").put("id", note.id());
    String level = level(noteIn.path("level"));
    out.put("level", level == null ? SarifLevel.WARNING.sarifName() : level);
    out.putObject("message").put("text", message);
    return out;
  }

  private ObjectNode result(
      JsonNode in,
      RunState state,
      List<String> inputRuleIds,
      Map<String, Integer> ruleIndex,
      Map<String, String> ruleMessage,
      JsonNode artifacts) {
    ObjectNode out = SarifJson.object();
    String ruleId = text(in.path("ruleId"), MAX_ID);
    if (ruleId == null) {
      ruleId = text(in.path("rule").path("id"), MAX_ID);
    }
    int inputIndex = integer(in.path("ruleIndex"));
    if (ruleId == null && inputIndex >= 0 && inputIndex < inputRuleIds.size()) {
      ruleId = inputRuleIds.get(inputIndex);
    }
    if (ruleId != null) {
      out.put("ruleId", ruleId);
      Integer index = ruleIndex.get(ruleId);
      if (index != null) {
        out.put("ruleIndex", index);
      }
    }
    String level = level(in.path("level"));
    if (level != null) {
      out.put("level", level);
    }
    String kind = text(in.path("kind"), 32);
    if (kind != null && RESULT_KINDS.contains(kind)) {
      out.put("kind", kind);
    }
    String message = ruleId == null ? null : ruleMessage.get(ruleId);
    if (message == null) {
      message =
          ruleId == null
              ? "Finding reported by the tool."
              : "Finding reported by rule " + ruleId + ".";
    }
    out.putObject("message").put("text", message);

    ArrayNode locations = SarifJson.MAPPER.createArrayNode();
    for (JsonNode location : in.path("locations")) {
      if (locations.size() >= limits.maxLocationsPerResult()) {
        break;
      }
      ObjectNode kept = location(location.path("physicalLocation"), artifacts);
      if (kept == null) {
        state.locationsDropped++;
      } else {
        locations.add(kept);
      }
    }
    if (!locations.isEmpty()) {
      out.set("locations", locations);
    }
    fingerprints(out, "partialFingerprints", in.path("partialFingerprints"));
    fingerprints(out, "fingerprints", in.path("fingerprints"));
    String baseline = text(in.path("baselineState"), 32);
    if (baseline != null && BASELINE_STATES.contains(baseline)) {
      out.put("baselineState", baseline);
    }
    ArrayNode suppressions = SarifJson.MAPPER.createArrayNode();
    for (JsonNode suppression : in.path("suppressions")) {
      String suppressionKind = text(suppression.path("kind"), 32);
      if (suppressionKind == null || !SUPPRESSION_KINDS.contains(suppressionKind)) {
        continue;
      }
      ObjectNode kept = suppressions.addObject();
      kept.put("kind", suppressionKind);
      String status = text(suppression.path("status"), 32);
      if (status != null && SUPPRESSION_STATUSES.contains(status)) {
        kept.put("status", status);
      }
    }
    if (!suppressions.isEmpty()) {
      out.set("suppressions", suppressions);
    }
    return out;
  }

  private static ObjectNode location(JsonNode physical, JsonNode artifacts) {
    JsonNode artifact = physical.path("artifactLocation");
    String uri = text(artifact.path("uri"), 4096);
    if (uri == null) {
      int index = integer(artifact.path("index"));
      if (index >= 0 && index < artifacts.size()) {
        uri = text(artifacts.get(index).path("location").path("uri"), 4096);
      }
    }
    if (uri == null || !SarifUris.isSafeRelativeUri(uri)) {
      return null;
    }
    ObjectNode out = SarifJson.object();
    ObjectNode outPhysical = out.putObject("physicalLocation");
    ObjectNode outArtifact = outPhysical.putObject("artifactLocation");
    outArtifact.put("uri", uri);
    outArtifact.put("uriBaseId", SarifUris.SRCROOT);
    JsonNode regionIn = physical.path("region");
    ObjectNode region = SarifJson.object();
    int startLine = integer(regionIn.path("startLine"));
    if (startLine >= 1) {
      region.put("startLine", startLine);
      int startColumn = integer(regionIn.path("startColumn"));
      if (startColumn >= 1) {
        region.put("startColumn", startColumn);
      }
      int endLine = integer(regionIn.path("endLine"));
      if (endLine >= startLine) {
        region.put("endLine", endLine);
      }
      boolean sameLine = endLine < startLine || endLine == startLine;
      int endColumn = integer(regionIn.path("endColumn"));
      if (endColumn >= 1 && (!sameLine || startColumn < 1 || endColumn >= startColumn)) {
        region.put("endColumn", endColumn);
      }
    }
    for (String offset : new String[] {"charOffset", "charLength", "byteOffset", "byteLength"}) {
      int value = integer(regionIn.path(offset));
      if (value >= 0) {
        region.put(offset, value);
      }
    }
    if (!region.isEmpty()) {
      outPhysical.set("region", region);
    }
    return out;
  }

  private static void fingerprints(ObjectNode out, String field, JsonNode in) {
    if (!in.isObject()) {
      return;
    }
    ObjectNode kept = SarifJson.object();
    for (Map.Entry<String, JsonNode> entry : in.properties()) {
      String value = text(entry.getValue(), 200);
      if (FINGERPRINT_KEY.matcher(entry.getKey()).matches()
          && value != null
          && FINGERPRINT_VALUE.matcher(value).matches()) {
        kept.put(entry.getKey(), value);
      }
    }
    if (!kept.isEmpty()) {
      out.set(field, kept);
    }
  }

  // Cuts results, largest runs proportionally, until the gzipped log fits; then notes the cut.
  private long fitSize(ObjectNode log, List<RunState> states) {
    long size = SarifJson.gzipSize(log);
    if (size <= limits.maxGzipBytes()) {
      return size;
    }
    for (RunState state : states) {
      state.sizeCapBase = state.results().size();
    }
    for (int attempt = 0; attempt < 30 && size > limits.maxGzipBytes(); attempt++) {
      double fraction = Math.min(0.9, 0.9 * limits.maxGzipBytes() / (double) size);
      boolean cut = false;
      for (RunState state : states) {
        ArrayNode results = state.results();
        int count = results.size();
        if (count == 0) {
          continue;
        }
        int keep = Math.min(count - 1, (int) Math.floor(count * fraction));
        while (results.size() > keep) {
          results.remove(results.size() - 1);
          state.truncatedBySize++;
        }
        cut = true;
      }
      if (!cut) {
        break;
      }
      size = SarifJson.gzipSize(log);
    }
    for (RunState state : states) {
      if (state.truncatedBySize > 0) {
        ObjectNode invocation = (ObjectNode) state.out.path("invocations").get(0);
        notes(state, invocation)
            .add(
                SarifWriter.note(
                    ToolNote.of(
                        AirlockNote.SIZE_TRUNCATED,
                        SarifLevel.WARNING,
                        limits.maxGzipBytes(),
                        (long) state.results().size(),
                        (long) state.sizeCapBase)));
      }
    }
    size = SarifJson.gzipSize(log);
    if (size > limits.maxGzipBytes()) {
      // Rule metadata alone is over the limit: keep ids only.
      for (RunState state : states) {
        for (JsonNode rule : state.out.path("tool").path("driver").path("rules")) {
          ((ObjectNode) rule).remove(List.of("fullDescription", "helpUri", "name"));
        }
      }
      size = SarifJson.gzipSize(log);
    }
    return size;
  }

  private static void putIfMatches(ObjectNode out, String field, JsonNode value, Pattern shape) {
    String text = text(value, 2048);
    if (text != null && shape.matcher(text).matches()) {
      out.put(field, text);
    }
  }

  private static String level(JsonNode node) {
    String text = text(node, 16);
    return text != null && SarifLevel.fromSarifName(text).isPresent() ? text : null;
  }

  private static String text(JsonNode node, int maxLength) {
    if (node == null || !node.isString()) {
      return null;
    }
    String text = node.stringValue();
    if (text.isBlank()) {
      return null;
    }
    return text.length() > maxLength ? text.substring(0, maxLength) : text;
  }

  // A non-negative int, or -1 when absent or not a non-negative integer.
  private static int integer(JsonNode node) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
      return -1;
    }
    return Math.max(-1, node.intValue());
  }
}
