package dev.airlock.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The results as a Markdown table (readable in a terminal, pasted as is into the README's
 * Performance section).
 */
public final class ResultsTable {
  private static final List<String> HEADER =
      List.of("#", "Figure", "Case", "Measured", "Floor (same run)", "Ratio", "Target", "Result");

  private ResultsTable() {}

  /**
   * @param titles figure id → title
   * @param results rows in order
   */
  public static String render(Map<String, String> titles, List<Result> results) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Result r : results) {
      rows.add(
          List.of(
              r.figure(),
              titles.getOrDefault(r.figure(), ""),
              r.name(),
              r.measured() == null ? "—" : r.measured().toString(),
              r.floor() == null ? "—" : r.floor().toString(),
              Result.formatRatio(r.ratio()),
              r.target().toString(),
              verdict(r)));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(Math.max(3, widths[i]), row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      out.append(line(rows.get(r), widths));
      if (r == 0) {
        List<String> rule = new ArrayList<>();
        for (int w : widths) {
          rule.add("-".repeat(w));
        }
        out.append(line(rule, widths));
      }
    }
    return out.toString();
  }

  static String verdict(Result r) {
    return switch (r.status()) {
      case PASS -> "pass";
      case FAIL -> "FAIL" + (r.note().isEmpty() ? "" : " (" + r.note() + ")");
      case NOT_MEASURED -> "not measured (" + r.note() + ")";
    };
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i).replace("|", "\\|");
      b.append(' ').append(c).append(" ".repeat(Math.max(0, widths[i] - c.length()))).append(" |");
    }
    return b.append('\n').toString();
  }
}
