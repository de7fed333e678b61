package dev.airlock.analyzers;

import dev.airlock.analyzers.sarif.SarifJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one-line JSON summary {@link AnalyzerMain} prints on stdout: counts, sizes and names, never a
 * path or any file content. The parent parses it with {@link #parse(String)}.
 *
 * @param status {@code "ok"}, or {@code "analyzer-failed"} when a run did not complete
 * @param runs one entry per analyzer, in run order
 * @param filesListed regular files in the checkout
 * @param entriesSkippedNotRegular symbolic links and special files skipped (never followed)
 * @param directoriesSkipped directories not entered ({@code .git})
 * @param entriesUnreadable entries the listing could not read
 * @param sarifBytes size of the SARIF file written
 * @param sarifGzipBytes its gzipped size (GitHub's limit is on this)
 * @param durationMillis wall time of the analysis
 */
public record AnalyzerSummary(
    String status,
    List<RunSummary> runs,
    long filesListed,
    long entriesSkippedNotRegular,
    long directoriesSkipped,
    long entriesUnreadable,
    long sarifBytes,
    long sarifGzipBytes,
    long durationMillis) {

  /** Status of a log whose runs all completed. */
  public static final String OK = "ok";

  /** Status of a log with at least one run that failed. */
  public static final String ANALYZER_FAILED = "analyzer-failed";

  public AnalyzerSummary {
    Objects.requireNonNull(status, "status");
    runs = List.copyOf(runs);
  }

  /** Total results kept across runs. */
  public int totalResults() {
    return runs.stream().mapToInt(RunSummary::results).sum();
  }

  /** The summary as one line of JSON. */
  public String toJson() {
    ObjectNode root = SarifJson.object();
    root.put("status", status);
    root.put("results", totalResults());
    ArrayNode runArray = root.putArray("runs");
    for (RunSummary run : runs) {
      ObjectNode r = runArray.addObject();
      r.put("analyzer", run.analyzer());
      r.put("tool", run.tool());
      r.put("executionSuccessful", run.executionSuccessful());
      r.put("results", run.results());
      r.put("resultsTruncated", run.resultsTruncated());
      r.put("filesAnalyzed", run.filesAnalyzed());
      r.put("bytesAnalyzed", run.bytesAnalyzed());
      r.put("filesSkippedTooLarge", run.filesSkippedTooLarge());
      r.put("filesSkippedBinary", run.filesSkippedBinary());
      r.put("filesUnreadable", run.filesUnreadable());
      ObjectNode counters = r.putObject("counters");
      run.counters().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> counters.put(e.getKey(), e.getValue()));
    }
    root.put("filesListed", filesListed);
    root.put("entriesSkippedNotRegular", entriesSkippedNotRegular);
    root.put("directoriesSkipped", directoriesSkipped);
    root.put("entriesUnreadable", entriesUnreadable);
    root.put("sarifBytes", sarifBytes);
    root.put("sarifGzipBytes", sarifGzipBytes);
    root.put("durationMillis", durationMillis);
    return SarifJson.toJson(root);
  }

  /**
   * Parses a summary line.
   *
   * @throws IllegalArgumentException if the line is not a summary
   */
  public static AnalyzerSummary parse(String line) {
    JsonNode root;
    try {
      root = SarifJson.parse(line);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a summary line");
    }
    if (!root.path("status").isString() || !root.path("runs").isArray()) {
      throw new IllegalArgumentException("not a summary line");
    }
    List<RunSummary> runs = new ArrayList<>();
    for (JsonNode r : root.path("runs")) {
      Map<String, Long> counters = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : r.path("counters").properties()) {
        counters.put(e.getKey(), e.getValue().asLong());
      }
      runs.add(
          new RunSummary(
              r.path("analyzer").asString(""),
              r.path("tool").asString(""),
              r.path("executionSuccessful").asBoolean(false),
              r.path("results").asInt(0),
              r.path("resultsTruncated").asInt(0),
              r.path("filesAnalyzed").asLong(0),
              r.path("bytesAnalyzed").asLong(0),
              r.path("filesSkippedTooLarge").asLong(0),
              r.path("filesSkippedBinary").asLong(0),
              r.path("filesUnreadable").asLong(0),
              counters));
    }
    return new AnalyzerSummary(
        root.path("status").asString(),
        runs,
        root.path("filesListed").asLong(0),
        root.path("entriesSkippedNotRegular").asLong(0),
        root.path("directoriesSkipped").asLong(0),
        root.path("entriesUnreadable").asLong(0),
        root.path("sarifBytes").asLong(0),
        root.path("sarifGzipBytes").asLong(0),
        root.path("durationMillis").asLong(0));
  }
}
