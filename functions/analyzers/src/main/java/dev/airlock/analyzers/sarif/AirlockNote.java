package dev.airlock.analyzers.sarif;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Airlock's catalogue of tool execution notifications. A note's text is rendered from a fixed
 * template whose only variable parts are numbers ({@code %d}) and rule ids ({@code %s}, limited to
 * {@code [A-Za-z0-9_.-]}), so it cannot carry source text. The scrubber keeps a notification only
 * if its descriptor id names a note here and its text matches that note's template; every other
 * notification (a third-party tool's, which may quote code) is dropped.
 */
public enum AirlockNote {
  RESULTS_TRUNCATED(
      "airlock/results-truncated", "Results truncated: kept %d of %d results (limit %d per run)."),
  SIZE_TRUNCATED(
      "airlock/size-truncated",
      "Results truncated to fit the size limit of %d gzipped bytes: kept %d of %d results."),
  RULE_SKIPPED("airlock/rule-skipped", "Rule %s could not be compiled and was skipped."),
  ALLOWLIST_PATTERNS_SKIPPED(
      "airlock/allowlist-patterns-skipped",
      "%d allowlist patterns could not be compiled and were ignored."),
  REGEX_BUDGET_EXCEEDED(
      "airlock/regex-budget-exceeded",
      "%d rule evaluations exceeded their time budget of %d ms and were abandoned."),
  FILE_SCAN_BUDGET_EXCEEDED(
      "airlock/file-scan-budget-exceeded",
      "%d files exceeded the scan budget of %d ms per file and were scanned only in part."),
  SCAN_BUDGET_EXCEEDED(
      "airlock/scan-budget-exceeded",
      "The scan exceeded its total budget of %d ms: %d files were not scanned."),
  FILES_SKIPPED(
      "airlock/files-skipped",
      "Skipped %d files larger than %d bytes, %d binary files and %d unreadable files."),
  NOT_REGULAR_SKIPPED(
      "airlock/not-regular-skipped",
      "Skipped %d entries that are not regular files; symbolic links are never followed."),
  PMD_PROCESSING_ERRORS("airlock/pmd-processing-errors", "PMD could not analyze %d files."),
  PMD_BUDGET_EXCEEDED(
      "airlock/pmd-budget-exceeded",
      "PMD exceeded its budget of %d ms: %d files were not analyzed to the end."),
  PMD_CONFIGURATION_ERRORS(
      "airlock/pmd-configuration-errors", "%d PMD rules could not be configured."),
  RESULTS_OUTSIDE_ROOT(
      "airlock/results-outside-root", "Dropped %d results located outside the repository."),
  UNREPRESENTABLE_PATHS(
      "airlock/unrepresentable-paths",
      "Dropped %d results in files whose names cannot be written as a relative URI."),
  ANALYZER_FAILED("airlock/analyzer-failed", "The analyzer failed; its results are incomplete.");

  private static final String RULE_ID = "[A-Za-z0-9_.-]{1,128}";
  private static final Pattern RULE_ID_PATTERN = Pattern.compile(RULE_ID);

  private final String id;
  private final String template;
  private final Pattern textPattern;

  AirlockNote(String id, String template) {
    this.id = id;
    this.template = template;
    StringBuilder regex = new StringBuilder();
    for (String part : template.split("(?=%[ds])|(?<=%[ds])")) {
      if (part.equals("%d")) {
        regex.append("[0-9]{1,19}");
      } else if (part.equals("%s")) {
        regex.append(RULE_ID);
      } else {
        regex.append(Pattern.quote(part));
      }
    }
    this.textPattern = Pattern.compile(regex.toString());
  }

  /** The descriptor id written in {@code toolExecutionNotifications[].descriptor.id}. */
  public String id() {
    return id;
  }

  /**
   * Renders the template.
   *
   * @throws IllegalArgumentException if the arguments do not fit: a {@code %d} needs a non-negative
   *     integer, a {@code %s} a rule id
   */
  public String render(List<Object> arguments) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (String part : template.split("(?=%[ds])|(?<=%[ds])")) {
      if (part.equals("%d") || part.equals("%s")) {
        if (next >= arguments.size()) {
          throw new IllegalArgumentException("missing note argument");
        }
        Object value = arguments.get(next++);
        if (part.equals("%d")) {
          if (!(value instanceof Integer || value instanceof Long)
              || ((Number) value).longValue() < 0) {
            throw new IllegalArgumentException("note argument is not a count");
          }
          out.append(((Number) value).longValue());
        } else {
          if (!(value instanceof String text) || !RULE_ID_PATTERN.matcher(text).matches()) {
            throw new IllegalArgumentException("note argument is not a rule id");
          }
          out.append(text);
        }
      } else {
        out.append(part);
      }
    }
    if (next != arguments.size()) {
      throw new IllegalArgumentException("too many note arguments");
    }
    return out.toString();
  }

  /** Whether {@code text} is a rendering of this note's template. */
  public boolean matchesText(String text) {
    return text != null && textPattern.matcher(text).matches();
  }

  /** Whether {@code text} would be accepted as a rule id argument. */
  public static boolean isRuleIdArgument(String text) {
    return text != null && RULE_ID_PATTERN.matcher(text).matches();
  }

  /** The note with this descriptor id, if any. */
  public static Optional<AirlockNote> byId(String id) {
    for (AirlockNote note : values()) {
      if (note.id.equals(id)) {
        return Optional.of(note);
      }
    }
    return Optional.empty();
  }
}
