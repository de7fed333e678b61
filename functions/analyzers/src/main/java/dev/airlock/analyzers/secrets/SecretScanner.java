package dev.airlock.analyzers.secrets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;

/**
 * Scans one file's text with a gitleaks configuration, following gitleaks' detection semantics:
 * global allowlists (paths skip the file), then per rule its allowlist paths, its {@code path}, its
 * keywords (a rule runs only if one occurs, case-insensitively), its regex, the secret group, a
 * {@code gitleaks:allow} marker on the line, the entropy threshold, global and rule allowlists
 * (regexes on secret/match/line, stopwords), and finally a generic finding yields to a specific one
 * on the same line whose secret contains it.
 *
 * <p>Speed: a rule's regex runs only near its keywords. The translated pattern says how many lines
 * a match can span ({@link GoRegex#maxNewlines()}); the search covers the lines within that reach
 * of a keyword occurrence, merged, with transparent bounds so anchors and word boundaries see the
 * whole file. Rules whose matches can span unboundedly many lines search the whole file. Each rule
 * has a time budget per file (see {@link DeadlineCharSequence}); an overrun abandons the rule for
 * that file and is counted. A file also has a total budget over all rules, and a caller may pass a
 * job deadline: both are checked between rules and by the per-evaluation box, and a file that runs
 * over either stops being scanned, keeping the findings found so far ({@link FileScan#overBudget}).
 *
 * <p>Secrets leave this class only as fingerprints.
 */
public final class SecretScanner {

  /** The marker gitleaks honours on a line to suppress its findings. */
  static final String ALLOW_MARKER = "gitleaks:allow";

  private static final int LINE_CONTEXT = 32 * 1024;

  /**
   * Findings of one file.
   *
   * @param findings the findings, in rule order
   * @param budgetExceeded rule evaluations abandoned for running over the time budget (or recursing
   *     too deep)
   * @param overBudget whether the file's total budget (or the job deadline) ran out, so the
   *     remaining rules were not run on it
   */
  public record FileScan(List<SecretFinding> findings, int budgetExceeded, boolean overBudget) {
    public FileScan {
      findings = List.copyOf(findings);
    }

    /** A scan that ran every rule. */
    public FileScan(List<SecretFinding> findings, int budgetExceeded) {
      this(findings, budgetExceeded, false);
    }
  }

  /** No job deadline: {@link #scan(String, String)} is bounded by the file budget only. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  private final GitleaksConfig config;
  private final Fingerprinter fingerprinter;
  private final long budgetNanos;
  private final long fileBudgetNanos;
  private final OptionalDouble genericEntropy;
  private final KeywordMatcher keywords;
  private final int[][] ruleKeywords;
  private boolean windowed = true;

  /**
   * @param config the compiled rules
   * @param fingerprinter keyed hash for secrets
   * @param regexBudget time one rule may spend on one file
   * @param genericEntropy entropy threshold replacing the generic rules' own, if present
   * @param fileBudget time all rules together may spend on one file
   */
  public SecretScanner(
      GitleaksConfig config,
      Fingerprinter fingerprinter,
      Duration regexBudget,
      OptionalDouble genericEntropy,
      Duration fileBudget) {
    this.config = Objects.requireNonNull(config, "config");
    this.fingerprinter = Objects.requireNonNull(fingerprinter, "fingerprinter");
    this.budgetNanos = regexBudget.toNanos();
    this.genericEntropy = Objects.requireNonNull(genericEntropy, "genericEntropy");
    this.fileBudgetNanos = fileBudget.toNanos();
    if (budgetNanos <= 0 || fileBudgetNanos <= 0) {
      throw new IllegalArgumentException("the time budgets must be positive");
    }
    Map<String, Integer> ids = new LinkedHashMap<>();
    ruleKeywords = new int[config.rules().size()][];
    for (int r = 0; r < config.rules().size(); r++) {
      ruleKeywords[r] =
          config.rules().get(r).keywords().stream()
              .mapToInt(k -> ids.computeIfAbsent(k, key -> ids.size()))
              .toArray();
    }
    keywords = new KeywordMatcher(List.copyOf(ids.keySet()));
  }

  /** Searches whole files instead of keyword windows; for tests that check windows lose nothing. */
  SecretScanner wholeFileSearch() {
    windowed = false;
    return this;
  }

  /** Whether the global allowlists exclude this whole file. */
  public boolean fileAllowed(String path) {
    for (Allowlist allowlist : config.allowlists()) {
      if (allowlist.allowsFile(path)) {
        return true;
      }
    }
    return false;
  }

  /** Path-only rules for a file whose content is not scanned (binary, too large). */
  public FileScan scanPath(String path) {
    if (fileAllowed(path)) {
      return new FileScan(List.of(), 0);
    }
    return new FileScan(pathFindings(path), 0);
  }

  /** All rules on a file's text, within the file budget. */
  public FileScan scan(String path, String text) {
    return scan(path, text, NO_DEADLINE);
  }

  /**
   * All rules on a file's text, within the file budget and before {@code jobDeadlineNanos} (a
   * {@link System#nanoTime()} value, or {@link #NO_DEADLINE}). Running out of either stops the scan
   * of this file and reports it as {@link FileScan#overBudget}, with the findings found so far.
   */
  public FileScan scan(String path, String text, long jobDeadlineNanos) {
    long started = System.nanoTime();
    long fileDeadline = started + fileBudgetNanos;
    // Deadlines are compared as differences (nanoTime may wrap); NO_DEADLINE means none.
    long stopAt =
        jobDeadlineNanos == NO_DEADLINE || fileDeadline - jobDeadlineNanos < 0
            ? fileDeadline
            : jobDeadlineNanos;
    if (fileAllowed(path)) {
      return new FileScan(List.of(), 0);
    }
    List<SecretFinding> findings = new ArrayList<>(pathFindings(path));
    if (text.isEmpty()) {
      return new FileScan(findings, 0);
    }
    KeywordMatcher.Hits hits = keywords.find(text);
    LineIndex lines = new LineIndex(text);
    int[] markers = positions(text, ALLOW_MARKER);
    List<Candidate> candidates = new ArrayList<>();
    int budgetExceeded = 0;
    boolean overBudget = false;
    for (int r = 0; r < config.rules().size(); r++) {
      SecretRule rule = config.rules().get(r);
      if (rule.regex() == null || !applies(rule, path) || !keywordPresent(r, hits)) {
        continue;
      }
      long now = System.nanoTime();
      if (now - stopAt >= 0) {
        overBudget = true;
        break;
      }
      long ruleDeadline = now + budgetNanos;
      DeadlineCharSequence seq =
          new DeadlineCharSequence(text, ruleDeadline - stopAt < 0 ? ruleDeadline : stopAt);
      try {
        scanRule(rule, r, new FileContext(path, text, seq, lines, markers), hits, candidates);
      } catch (DeadlineCharSequence.BudgetExceeded | StackOverflowError e) {
        // java.util.regex recurses on some patterns; a deep recursion is abandoned like a timeout.
        budgetExceeded++;
        if (System.nanoTime() - stopAt >= 0) {
          overBudget = true;
          break;
        }
      }
    }
    for (Candidate c : candidates) {
      if (!c.rule.isGeneric() || !supersededBySpecific(c, candidates)) {
        findings.add(c.finding);
      }
    }
    return new FileScan(findings, budgetExceeded, overBudget);
  }

  private List<SecretFinding> pathFindings(String path) {
    List<SecretFinding> out = new ArrayList<>();
    for (SecretRule rule : config.rules()) {
      if (rule.regex() == null
          && rule.path() != null
          && !ruleAllowsFile(rule, path)
          && rule.path().matcher(path).find()) {
        out.add(new SecretFinding(rule.id(), path, 0, 0, 0, 0, null));
      }
    }
    return out;
  }

  private static boolean ruleAllowsFile(SecretRule rule, String path) {
    for (Allowlist allowlist : rule.allowlists()) {
      if (allowlist.allowsFile(path)) {
        return true;
      }
    }
    return false;
  }

  private static boolean applies(SecretRule rule, String path) {
    if (ruleAllowsFile(rule, path)) {
      return false;
    }
    return rule.path() == null || rule.path().matcher(path).find();
  }

  private boolean keywordPresent(int rule, KeywordMatcher.Hits hits) {
    if (ruleKeywords[rule].length == 0) {
      return true;
    }
    for (int k : ruleKeywords[rule]) {
      if (hits.present(k)) {
        return true;
      }
    }
    return false;
  }

  private record Candidate(SecretRule rule, int matchLine, String secret, SecretFinding finding) {}

  private record FileContext(
      String path, String text, DeadlineCharSequence seq, LineIndex lines, int[] allowMarkers) {}

  private void scanRule(
      SecretRule rule,
      int ruleIndex,
      FileContext file,
      KeywordMatcher.Hits hits,
      List<Candidate> out) {
    Matcher m = rule.regex().pattern().matcher(file.seq);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    for (int[] window : windows(rule, ruleIndex, file.lines, hits)) {
      m.region(window[0], window[1]);
      while (m.find()) {
        Candidate c = candidate(rule, file, m);
        if (c != null) {
          out.add(c);
        }
      }
    }
  }

  private int[][] windows(
      SecretRule rule, int ruleIndex, LineIndex lines, KeywordMatcher.Hits hits) {
    int reach = rule.regex().maxNewlines();
    int[] kw = ruleKeywords[ruleIndex];
    int lineCount = lines.lineCount();
    int wholeEnd = lines.lineEndInclusive(lineCount - 1);
    if (!windowed || kw.length == 0 || reach == GoRegex.UNBOUNDED || reach >= lineCount) {
      return new int[][] {{0, wholeEnd}};
    }
    int total = 0;
    for (int k : kw) {
      total += hits.count(k);
    }
    int[] hitLines = new int[total];
    int n = 0;
    for (int k : kw) {
      for (int i = 0; i < hits.count(k); i++) {
        hitLines[n++] = lines.lineOf(hits.position(k, i));
      }
    }
    Arrays.sort(hitLines);
    List<int[]> merged = new ArrayList<>();
    int from = -1;
    int to = -1;
    for (int line : hitLines) {
      int a = Math.max(0, line - reach);
      int b = Math.min(lineCount - 1, line + reach);
      if (from >= 0 && a <= to + 1) {
        to = Math.max(to, b);
      } else {
        if (from >= 0) {
          merged.add(new int[] {lines.lineStart(from), lines.lineEndInclusive(to)});
        }
        from = a;
        to = b;
      }
    }
    if (from >= 0) {
      merged.add(new int[] {lines.lineStart(from), lines.lineEndInclusive(to)});
    }
    return merged.toArray(new int[0][]);
  }

  private Candidate candidate(SecretRule rule, FileContext file, Matcher m) {
    String text = file.text;
    LineIndex lines = file.lines;
    int matchStart = m.start();
    int matchEnd = m.end();
    while (matchStart < matchEnd && text.charAt(matchStart) == '\n') {
      matchStart++;
    }
    while (matchEnd > matchStart && text.charAt(matchEnd - 1) == '\n') {
      matchEnd--;
    }
    if (matchStart == matchEnd) {
      return null;
    }
    int secretStart = matchStart;
    int secretEnd = matchEnd;
    if (m.groupCount() >= 1) {
      if (rule.secretGroup() > 0) {
        if (m.start(rule.secretGroup()) < 0) {
          return null;
        }
        secretStart = m.start(rule.secretGroup());
        secretEnd = m.end(rule.secretGroup());
      } else {
        for (int g = 1; g <= m.groupCount(); g++) {
          if (m.start(g) >= 0 && m.end(g) > m.start(g)) {
            secretStart = m.start(g);
            secretEnd = m.end(g);
            break;
          }
        }
      }
    }
    if (secretStart >= secretEnd) {
      return null;
    }
    String secret = text.substring(secretStart, secretEnd);
    int firstLine = lines.lineOf(matchStart);
    int lastLine = lines.lineOf(matchEnd - 1);
    int lineStart = lines.lineStart(firstLine);
    int lineEnd = lines.lineEndExclusive(lastLine);
    if (containsMarker(file.allowMarkers, lineStart, lineEnd)) {
      return null;
    }
    double threshold =
        rule.isGeneric() && genericEntropy.isPresent()
            ? genericEntropy.getAsDouble()
            : rule.entropy();
    if (threshold > 0 && Entropy.shannon(secret) <= threshold) {
      return null;
    }
    String path = file.path;
    CharSequence secretSeq = file.seq.subSequence(secretStart, secretEnd);
    CharSequence matchSeq = file.seq.subSequence(matchStart, matchEnd);
    // A minified file is one huge line: a line-target allowlist sees the part around the match.
    CharSequence lineSeq =
        file.seq.subSequence(
            Math.max(lineStart, matchStart - LINE_CONTEXT),
            Math.min(lineEnd, matchEnd + LINE_CONTEXT));
    for (Allowlist allowlist : config.allowlists()) {
      if (allowlist.allowsFinding(path, secretSeq, matchSeq, lineSeq)) {
        return null;
      }
    }
    for (Allowlist allowlist : rule.allowlists()) {
      if (allowlist.allowsFinding(path, secretSeq, matchSeq, lineSeq)) {
        return null;
      }
    }
    int startLine = lines.lineOf(secretStart);
    int endLine = lines.lineOf(secretEnd - 1);
    SecretFinding finding =
        new SecretFinding(
            rule.id(),
            path,
            startLine + 1,
            secretStart - lines.lineStart(startLine) + 1,
            endLine + 1,
            secretEnd - lines.lineStart(endLine) + 1,
            fingerprinter.fingerprint(secret));
    return new Candidate(rule, firstLine, secret, finding);
  }

  private static int[] positions(String text, String needle) {
    int[] found = new int[4];
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      if (n == found.length) {
        found = Arrays.copyOf(found, n * 2);
      }
      found[n++] = at;
    }
    return Arrays.copyOf(found, n);
  }

  private static boolean containsMarker(int[] markers, int from, int to) {
    int i = Arrays.binarySearch(markers, from);
    int first = i >= 0 ? i : -i - 1;
    return first < markers.length && markers[first] + ALLOW_MARKER.length() <= to;
  }

  private static boolean supersededBySpecific(Candidate generic, List<Candidate> all) {
    for (Candidate other : all) {
      if (other != generic
          && !other.rule.isGeneric()
          && other.matchLine == generic.matchLine
          && !other.rule.id().equals(generic.rule.id())
          && other.secret.contains(generic.secret)) {
        return true;
      }
    }
    return false;
  }
}
