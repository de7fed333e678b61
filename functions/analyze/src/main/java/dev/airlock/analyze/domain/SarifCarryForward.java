package dev.airlock.analyze.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Incremental analysis: the log of a commit analyzed only in the files that changed since its
 * parent, completed with the parent's results for the files that did not change.
 *
 * <p>Sound because every analyzer Airlock runs judges one file at a time (gitleaks rules on a
 * file's text; PMD without an auxiliary class path); a file whose blob is unchanged gets the same
 * results, with the same account-salted fingerprints. Both inputs are logs that already passed
 * {@link SarifSanitizer}: the parent's is the stored result (read back decrypted, never source),
 * and the merged log is sanitized again by the caller, which also re-applies the limits.
 *
 * <p>Per run, matched by the driver's name: the parent's results all of whose locations name an
 * unchanged file, then the new results; rule descriptors the carried results need are added from
 * the parent's rule table. The new run's own notes (files skipped, processing errors) describe only
 * the changed files. A parent run without a counterpart in the new log is not carried (the analyzer
 * set is the same, so this only happens if that analyzer failed).
 */
public final class SarifCarryForward {

  private SarifCarryForward() {}

  /**
   * The merged log and how many results were carried.
   *
   * @param log the new log with the parent's results added (plain JSON values)
   * @param carried results taken from the parent
   */
  public record Merged(Map<String, Object> log, long carried) {}

  /**
   * Merges.
   *
   * @param current the sanitized log of the changed files
   * @param parent the parent commit's stored (sanitized) log, as parsed JSON
   * @param unchanged the commit's files identical to the parent's, relative to the source root
   * @throws AnalysisException {@link Reason#ANALYZER_OUTPUT_INVALID} if {@code current} is not a
   *     log
   */
  public static Merged merge(Map<String, Object> current, Object parent, Set<String> unchanged) {
    if (!(current.get("runs") instanceof List<?> runs)) {
      throw new AnalysisException(Reason.ANALYZER_OUTPUT_INVALID);
    }
    List<?> parentRuns =
        parent instanceof Map<?, ?> p && p.get("runs") instanceof List<?> l ? l : List.of();
    Map<String, Object> log = new LinkedHashMap<>(current);
    List<Object> mergedRuns = new ArrayList<>();
    long carried = 0;
    for (Object r : runs) {
      if (!(r instanceof Map<?, ?> run)) {
        continue;
      }
      Map<?, ?> before = byDriver(parentRuns, driverName(run));
      if (before == null) {
        mergedRuns.add(run);
        continue;
      }
      Map<String, Object> rulesById = new LinkedHashMap<>();
      for (Object rule : list(driver(run).get("rules"))) {
        if (rule instanceof Map<?, ?> m && m.get("id") instanceof String id) {
          rulesById.putIfAbsent(id, m);
        }
      }
      Map<String, Object> parentRules = new LinkedHashMap<>();
      for (Object rule : list(driver(before).get("rules"))) {
        if (rule instanceof Map<?, ?> m && m.get("id") instanceof String id) {
          parentRules.putIfAbsent(id, m);
        }
      }
      List<Object> results = new ArrayList<>();
      for (Object res : list(before.get("results"))) {
        if (res instanceof Map<?, ?> result
            && result.get("ruleId") instanceof String ruleId
            && parentRules.containsKey(ruleId)
            && allUnchanged(result, unchanged)) {
          rulesById.putIfAbsent(ruleId, parentRules.get(ruleId));
          Map<String, Object> copy = copy(result);
          // the sanitizer recomputes the index against the merged rule table
          copy.remove("ruleIndex");
          results.add(copy);
          carried++;
        }
      }
      results.addAll(list(run.get("results")));
      Map<String, Object> merged = copy(run);
      Map<String, Object> tool = copy(map(run.get("tool")));
      Map<String, Object> driver = copy(driver(run));
      driver.put("rules", new ArrayList<>(rulesById.values()));
      tool.put("driver", driver);
      merged.put("tool", tool);
      merged.put("results", results);
      mergedRuns.add(merged);
    }
    log.put("runs", mergedRuns);
    return new Merged(log, carried);
  }

  private static boolean allUnchanged(Map<?, ?> result, Set<String> unchanged) {
    List<?> locations = list(result.get("locations"));
    if (locations.isEmpty()) {
      return false;
    }
    Set<String> none = new LinkedHashSet<>();
    for (Object l : locations) {
      Object uri = map(map(map(l).get("physicalLocation")).get("artifactLocation")).get("uri");
      String path = SarifSanitizer.relativePath(uri, unchanged, "\u0000");
      if (path == null) {
        none.add(String.valueOf(uri));
      }
    }
    return none.isEmpty();
  }

  private static Map<?, ?> byDriver(List<?> runs, String name) {
    if (name == null) {
      return null;
    }
    for (Object r : runs) {
      if (r instanceof Map<?, ?> run && name.equals(driverName(run))) {
        return run;
      }
    }
    return null;
  }

  private static String driverName(Map<?, ?> run) {
    return driver(run).get("name") instanceof String s ? s : null;
  }

  private static Map<?, ?> driver(Map<?, ?> run) {
    return map(map(run.get("tool")).get("driver"));
  }

  private static Map<?, ?> map(Object o) {
    return o instanceof Map<?, ?> m ? m : Map.of();
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static Map<String, Object> copy(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
