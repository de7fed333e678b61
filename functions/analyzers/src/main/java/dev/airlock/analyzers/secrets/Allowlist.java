package dev.airlock.analyzers.secrets;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A gitleaks allowlist ({@code [allowlist]}, {@code [[allowlists]]} or a rule's {@code
 * [[rules.allowlists]]}): findings it matches are not reported.
 *
 * <p>With condition {@link Condition#OR} (the default) any one check allows: a path at file level,
 * a regex or stopword at finding level. With {@link Condition#AND} every configured check must
 * hold. Regexes test the secret, the whole match or the match's line(s), per {@link RegexTarget};
 * stopwords test the secret, case-insensitively. Commit checks never hold here: Airlock scans a
 * checkout, not history.
 *
 * @param condition how checks combine
 * @param paths path patterns (tested against the {@code /}-separated relative path)
 * @param regexTarget what the regexes test
 * @param regexes content patterns
 * @param stopwords lower-cased stopwords
 * @param hasCommits whether the allowlist lists commits (an AND allowlist with commits never holds)
 */
public record Allowlist(
    Condition condition,
    List<Pattern> paths,
    RegexTarget regexTarget,
    List<Pattern> regexes,
    List<String> stopwords,
    boolean hasCommits) {

  /** How an allowlist's checks combine. */
  public enum Condition {
    OR,
    AND
  }

  /** What an allowlist's regexes are tested against. */
  public enum RegexTarget {
    SECRET,
    MATCH,
    LINE
  }

  public Allowlist {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(regexTarget, "regexTarget");
    paths = List.copyOf(paths);
    regexes = List.copyOf(regexes);
    stopwords = stopwords.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
  }

  /** Whether the whole file at {@code path} is allowed (gitleaks' commit-or-path check). */
  public boolean allowsFile(String path) {
    boolean pathAllowed = pathAllowed(path);
    if (condition == Condition.AND) {
      if (!regexes.isEmpty() || !stopwords.isEmpty()) {
        return false;
      }
      if (hasCommits) {
        return false;
      }
      return !paths.isEmpty() && pathAllowed;
    }
    return pathAllowed;
  }

  /**
   * Whether a finding is allowed.
   *
   * @param path the file's relative path
   * @param secret the secret
   * @param match the whole match
   * @param line the line(s) the match spans
   */
  public boolean allowsFinding(
      String path, CharSequence secret, CharSequence match, CharSequence line) {
    CharSequence target =
        switch (regexTarget) {
          case SECRET -> secret;
          case MATCH -> match;
          case LINE -> line;
        };
    boolean regexAllowed = regexAllowed(target);
    boolean stopword = containsStopword(secret.toString());
    if (condition == Condition.AND) {
      if (hasCommits) {
        return false;
      }
      if (!paths.isEmpty() && !pathAllowed(path)) {
        return false;
      }
      if (!regexes.isEmpty() && !regexAllowed) {
        return false;
      }
      return stopwords.isEmpty() || stopword;
    }
    return regexAllowed || stopword;
  }

  boolean pathAllowed(String path) {
    if (path.isEmpty()) {
      return false;
    }
    for (Pattern p : paths) {
      if (p.matcher(path).find()) {
        return true;
      }
    }
    return false;
  }

  boolean regexAllowed(CharSequence target) {
    if (target.length() == 0) {
      return false;
    }
    for (Pattern p : regexes) {
      if (p.matcher(target).find()) {
        return true;
      }
    }
    return false;
  }

  boolean containsStopword(String secret) {
    if (secret.isEmpty() || stopwords.isEmpty()) {
      return false;
    }
    String lower = secret.toLowerCase(Locale.ROOT);
    for (String word : stopwords) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
