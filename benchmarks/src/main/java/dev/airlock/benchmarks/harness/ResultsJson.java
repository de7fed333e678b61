package dev.airlock.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code benchmarks/results/latest.json}: the machine and JDK of the run, the size of each
 * function's deployment jar, and per figure its floor, target and rows (measured, floor, ratio,
 * pass/fail).
 *
 * <p>A run of some figures only keeps the other figures' entries from the previous file, each with
 * the time and JDK it was measured with, so that running one figure alone does not erase the rest;
 * a ratio is only ever computed within one run.
 */
public final class ResultsJson {
  /** Version of the file's layout. */
  public static final int SCHEMA = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsJson() {}

  /**
   * Writes {@code file}, merging with the figures of an existing one that this run did not measure.
   *
   * @param figures the figures run, in order
   * @param results their rows
   * @param jarSizes deployment artefact (path relative to the repository) → bytes
   * @throws IOException if the file cannot be written (an unreadable old file is replaced)
   */
  public static void write(
      Path file,
      Machine machine,
      List<String> command,
      List<Figure> figures,
      List<Result> results,
      Map<String, Long> jarSizes,
      Instant now)
      throws IOException {
    Map<String, JsonNode> previous = previousFigures(file);
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("generated", now.toString());
    ArrayNode cmd = root.putArray("command");
    command.forEach(cmd::add);
    root.set("machine", JSON.valueToTree(machine));
    ObjectNode jars = root.putObject("functionJars");
    jarSizes.forEach(jars::put);

    Map<String, JsonNode> byId = new LinkedHashMap<>(previous);
    for (Figure f : figures) {
      ObjectNode fig = JSON.createObjectNode();
      fig.put("figure", f.id());
      fig.put("title", f.title());
      fig.put("floor", f.floorDescription());
      fig.put("target", f.target().toString());
      fig.put("measuredAt", now.toString());
      fig.put("jdk", machine.javaVersion() + " (" + machine.javaVendor() + ")");
      ArrayNode rows = fig.putArray("rows");
      for (Result r : results) {
        if (r.figure().equals(f.id())) {
          rows.add(row(r));
        }
      }
      byId.put(f.id(), fig);
    }
    List<String> ids = new ArrayList<>(byId.keySet());
    ids.sort(ResultsJson::compareIds);
    ArrayNode out = root.putArray("figures");
    ids.forEach(id -> out.add(byId.get(id)));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), root);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  static ObjectNode row(Result r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("figure", r.figure());
    n.put("case", r.name());
    n.set("measured", r.measured() == null ? null : JSON.valueToTree(r.measured()));
    n.set("floor", r.floor() == null ? null : JSON.valueToTree(r.floor()));
    if (Double.isNaN(r.ratio())) {
      n.putNull("ratio");
    } else {
      n.put("ratio", Math.round(r.ratio() * 1000) / 1000.0);
    }
    n.put("target", r.target().toString());
    n.put(
        "status",
        switch (r.status()) {
          case PASS -> "pass";
          case FAIL -> "fail";
          case NOT_MEASURED -> "not measured";
        });
    n.put("note", r.note());
    n.set("details", JSON.valueToTree(r.details()));
    return n;
  }

  private static Map<String, JsonNode> previousFigures(Path file) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try {
      JsonNode old = JSON.readTree(file.toFile());
      if (old.path("schema").asInt() == SCHEMA) {
        for (JsonNode f : old.path("figures")) {
          out.put(f.path("figure").asText(), f);
        }
      }
    } catch (IOException e) {
      // An unreadable old file is simply replaced.
    }
    return out;
  }

  static int compareIds(String a, String b) {
    try {
      return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }
}
