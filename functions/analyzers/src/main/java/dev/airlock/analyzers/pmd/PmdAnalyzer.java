package dev.airlock.analyzers.pmd;

import dev.airlock.analyzers.Analyzer;
import dev.airlock.analyzers.AnalyzerKind;
import dev.airlock.analyzers.AnalyzerOutcome;
import dev.airlock.analyzers.AnalyzerRequest;
import dev.airlock.analyzers.RunSummary;
import dev.airlock.analyzers.files.FileContents;
import dev.airlock.analyzers.files.RepositoryFile;
import dev.airlock.analyzers.files.RepositoryListing;
import dev.airlock.analyzers.sarif.AirlockNote;
import dev.airlock.analyzers.sarif.SarifLevel;
import dev.airlock.analyzers.sarif.SarifLocation;
import dev.airlock.analyzers.sarif.SarifRegion;
import dev.airlock.analyzers.sarif.SarifResult;
import dev.airlock.analyzers.sarif.SarifRule;
import dev.airlock.analyzers.sarif.SarifRun;
import dev.airlock.analyzers.sarif.ToolNote;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.sourceforge.pmd.PMDConfiguration;
import net.sourceforge.pmd.PMDVersion;
import net.sourceforge.pmd.PmdAnalysis;
import net.sourceforge.pmd.lang.LanguageVersion;
import net.sourceforge.pmd.lang.document.FileId;
import net.sourceforge.pmd.lang.document.TextFile;
import net.sourceforge.pmd.lang.rule.Rule;
import net.sourceforge.pmd.lang.rule.RuleSet;
import net.sourceforge.pmd.lang.rule.RuleSetLoader;
import net.sourceforge.pmd.reporting.FileAnalysisListener;
import net.sourceforge.pmd.reporting.GlobalAnalysisListener;
import net.sourceforge.pmd.reporting.Report;
import net.sourceforge.pmd.reporting.RuleViolation;

/**
 * The PMD 7 analyzer, through PMD's Java API ({@link PmdAnalysis}), with bundled rulesets only
 * (quickstart by default).
 *
 * <p>Files reach PMD as {@link SandboxTextFile}s named by their relative path, so PMD neither walks
 * the checkout (it would follow links) nor learns the sandbox's absolute path; a violation whose
 * file is not one we handed over is dropped and counted.
 *
 * <p>Messages: PMD's violation messages interpolate names from the analyzed code ("Avoid unused
 * local variables such as 'password'"), so a result's message is a generic sentence per rule
 * ("Violation of PMD rule UnusedLocalVariable (Best Practices)."); the rule descriptor carries the
 * rule's static description from PMD's ruleset and its documentation link.
 *
 * <p>Rulesets: PMD resolves a ruleset reference against the working directory before the classpath.
 * Every bundled reference starts with {@code category/} or {@code rulesets/}, so the analyzer
 * refuses to run if the working directory holds an entry of either name, which is what a checkout
 * used as working directory could plant. The parent runs the analyzer in the sandbox directory, not
 * in the checkout.
 */
public final class PmdAnalyzer implements Analyzer {

  /** SARIF driver name. */
  public static final String TOOL_NAME = "PMD";

  /** SARIF driver information URI. */
  public static final String INFORMATION_URI = "https://pmd.github.io/";

  private static final Pattern HTTPS = Pattern.compile("https://[\\x21-\\x7e]{1,500}");
  private static final int MAX_DESCRIPTION = 1000;

  private final boolean preloadRulesets;

  /** The analyzer as it runs in production: bundled rulesets through {@link BundledRuleset}. */
  public PmdAnalyzer() {
    this(true);
  }

  /**
   * @param preloadRulesets false hands every ruleset to PMD's own loader (tests compare the two)
   */
  PmdAnalyzer(boolean preloadRulesets) {
    this.preloadRulesets = preloadRulesets;
  }

  @Override
  public AnalyzerKind kind() {
    return AnalyzerKind.PMD;
  }

  @Override
  public AnalyzerOutcome analyze(RepositoryListing listing, AnalyzerRequest request) {
    return analyze(listing, request, System.nanoTime());
  }

  @Override
  public AnalyzerOutcome analyze(
      RepositoryListing listing, AnalyzerRequest request, long startedNanos) {
    long deadlineNanos = startedNanos + request.pmdBudget().toNanos();
    refuseRulesetLookalikes(Path.of("").toAbsolutePath());
    PMDConfiguration config = new PMDConfiguration();
    CountingReporter reporter = new CountingReporter();
    config.setReporter(reporter);
    config.setThreads(request.pmdThreads());
    config.setIgnoreIncrementalAnalysis(true);
    config.setSourceEncoding(StandardCharsets.UTF_8);
    // the bundled rulesets, each category file read once (BundledRuleset: PMD's loader reads it
    // again per rule reference); PMD's own loader for any ruleset that path does not take
    Optional<List<RuleSet>> preloaded =
        preloadRulesets
            ? BundledRuleset.load(
                RuleSetLoader.fromPmdConfig(config),
                config.getMinimumPriority(),
                request.pmdRulesets())
            : Optional.empty();
    if (preloaded.isEmpty()) {
      config.setRuleSets(request.pmdRulesets());
    }

    List<Candidate> candidates = new ArrayList<>();
    long tooLarge = 0;
    long binary = 0;
    long unreadable = 0;
    for (RepositoryFile file : listing.files()) {
      LanguageVersion language = config.getLanguageVersionOfFile(file.relativePath());
      if (language == null) {
        continue;
      }
      switch (FileContents.probe(file, request.maxFileBytes())) {
        case TOO_LARGE -> tooLarge++;
        case BINARY -> binary++;
        case UNREADABLE -> unreadable++;
        case TEXT ->
            candidates.add(
                new Candidate(FileId.fromPathLikeString(file.relativePath()), language, file));
      }
    }

    // PMD survives an exception in one file (a processing error) but not an Error: a file whose
    // syntax tree is deep enough (a long string concatenation or call chain, as generated code
    // has, or thousands of nested parentheses) overflows the stack of PMD's tree passes, and the
    // StackOverflowError ends the whole analysis (PMD's worker pool goes on with the other files
    // and rethrows it at the end). After one, the analysis runs again with PMD's mono-thread
    // processor on a thread with a larger stack; that processor stops inside the failing file, so
    // the file started last is the culprit: it is left out and the rest analyzed again, so one
    // file cannot take every other file's findings with it.
    Set<FileId> crashed = new HashSet<>();
    boolean oneAtATime = false;
    Map<FileId, String> handedOver;
    long analyzed;
    long bytes;
    List<RuleViolation> violations;
    int pmdProcessingErrors;
    int configurationErrors;
    long overBudget = 0;
    int rulesLoaded;
    while (true) {
      handedOver = new HashMap<>();
      analyzed = 0;
      bytes = 0;
      LastStarted started = new LastStarted();
      Finished finished = new Finished();
      config.setThreads(oneAtATime ? 0 : request.pmdThreads());
      PmdAnalysis pmd = PmdAnalysis.create(config);
      boolean abandoned = false;
      try {
        preloaded.ifPresent(pmd::addRuleSets);
        rulesLoaded = pmd.getRulesets().stream().mapToInt(set -> set.getRules().size()).sum();
        if (rulesLoaded == 0) {
          throw new IllegalStateException("no PMD rule could be loaded");
        }
        pmd.addListener(started);
        pmd.addListener(finished);
        for (Candidate c : candidates) {
          if (crashed.contains(c.id())) {
            continue;
          }
          if (pmd.files()
              .addFile(
                  new SandboxTextFile(c.id(), c.language(), c.file(), request.maxFileBytes()))) {
            handedOver.put(c.id(), c.file().relativePath());
            analyzed++;
            bytes += c.file().size();
          }
        }
        Optional<Report> report =
            within(
                deadlineNanos,
                oneAtATime ? ONE_AT_A_TIME_STACK_BYTES : 0,
                pmd::performAnalysisAndCollectReport);
        if (report.isPresent()) {
          violations = report.get().getViolations();
          pmdProcessingErrors = report.get().getProcessingErrors().size();
          configurationErrors = report.get().getConfigurationErrors().size();
        } else {
          // over budget: what the files PMD finished found is kept, the rest is counted; PMD's
          // threads cannot be stopped and are left to the process's exit
          abandoned = true;
          violations = finished.violations();
          pmdProcessingErrors = finished.errors();
          configurationErrors = 0;
          overBudget = Math.max(0, analyzed - finished.files());
        }
        break;
      } catch (RuntimeException | StackOverflowError e) {
        if (!isStackOverflow(e)) {
          throw e;
        }
        if (!oneAtATime && request.pmdThreads() != 0) {
          oneAtATime = true;
          continue;
        }
        oneAtATime = true;
        Optional<FileId> culprit = started.last();
        if (culprit.isEmpty()
            || crashed.contains(culprit.get())
            || crashed.size() >= MAX_CRASHED_FILES) {
          throw e;
        }
        crashed.add(culprit.get());
      } finally {
        if (!abandoned) {
          pmd.close();
        }
      }
    }

    Map<String, SarifRule> rules = new LinkedHashMap<>();
    List<SarifResult> results = new ArrayList<>();
    long outsideRoot = 0;
    long unrepresentable = 0;
    for (RuleViolation violation : violations) {
      String path = handedOver.get(violation.getFileId());
      if (path == null) {
        outsideRoot++;
        continue;
      }
      if (!SarifLocation.representable(path)) {
        unrepresentable++;
        continue;
      }
      Rule rule = violation.getRule();
      SarifRule descriptor = rules.computeIfAbsent(rule.getName(), name -> descriptor(rule));
      results.add(
          new SarifResult(
              descriptor.id(),
              descriptor.defaultLevel(),
              new SarifLocation(path, region(violation)),
              Map.of()));
    }

    int processingErrors = pmdProcessingErrors + crashed.size();
    List<ToolNote> notes = new ArrayList<>();
    if (overBudget > 0) {
      notes.add(
          ToolNote.of(
              AirlockNote.PMD_BUDGET_EXCEEDED,
              SarifLevel.WARNING,
              request.pmdBudget().toMillis(),
              overBudget));
    }
    if (processingErrors > 0) {
      notes.add(
          ToolNote.of(
              AirlockNote.PMD_PROCESSING_ERRORS, SarifLevel.WARNING, (long) processingErrors));
    }
    if (configurationErrors > 0) {
      notes.add(
          ToolNote.of(
              AirlockNote.PMD_CONFIGURATION_ERRORS,
              SarifLevel.WARNING,
              (long) configurationErrors));
    }
    if (outsideRoot > 0) {
      notes.add(ToolNote.of(AirlockNote.RESULTS_OUTSIDE_ROOT, SarifLevel.WARNING, outsideRoot));
    }
    if (unrepresentable > 0) {
      notes.add(
          ToolNote.of(AirlockNote.UNREPRESENTABLE_PATHS, SarifLevel.WARNING, unrepresentable));
    }
    if (tooLarge + binary + unreadable > 0) {
      notes.add(
          ToolNote.of(
              AirlockNote.FILES_SKIPPED,
              SarifLevel.NOTE,
              tooLarge,
              request.maxFileBytes(),
              binary,
              unreadable));
    }
    SarifRun run =
        new SarifRun(
            TOOL_NAME,
            PMDVersion.VERSION,
            INFORMATION_URI,
            List.copyOf(rules.values()),
            results,
            true,
            notes);
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("rulesLoaded", (long) rulesLoaded);
    counters.put("processingErrors", (long) processingErrors);
    counters.put("configurationErrors", (long) configurationErrors);
    counters.put("resultsOutsideRoot", outsideRoot);
    counters.put("resultsUnrepresentable", unrepresentable);
    counters.put("reporterErrors", (long) reporter.numErrors());
    counters.put("filesOverBudget", overBudget);
    RunSummary summary =
        new RunSummary(
            kind().cliName(),
            TOOL_NAME,
            true,
            results.size(),
            0,
            analyzed,
            bytes,
            tooLarge,
            binary,
            unreadable,
            counters);
    return new AnalyzerOutcome(run, summary);
  }

  /** How many files may crash PMD before the analyzer gives up (each costs a run). */
  static final int MAX_CRASHED_FILES = 8;

  /** Stack reserved for the thread that analyzes one file at a time after an overflow. */
  static final long ONE_AT_A_TIME_STACK_BYTES = 64L << 20;

  /**
   * Runs PMD on a thread of its own ({@code stackBytes}, 0 for the default) and waits for it until
   * {@code deadlineNanos}.
   *
   * @return PMD's report, or empty if the deadline passed first (the thread is left running: PMD
   *     has no way to stop a rule, and the analyzer process exits once its log is written)
   */
  private static Optional<Report> within(
      long deadlineNanos, long stackBytes, Supplier<Report> analysis) {
    AtomicReference<Report> report = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread worker =
        new Thread(
            null,
            () -> {
              try {
                report.set(analysis.get());
              } catch (RuntimeException | Error e) {
                failure.set(e);
              }
            },
            "pmd-analysis",
            stackBytes);
    worker.setDaemon(true);
    worker.start();
    try {
      long left;
      while (worker.isAlive() && (left = deadlineNanos - System.nanoTime()) > 0) {
        worker.join(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while PMD ran", e);
    }
    if (worker.isAlive()) {
      return Optional.empty();
    }
    if (failure.get() instanceof RuntimeException e) {
      throw e;
    }
    if (failure.get() instanceof Error e) {
      throw e;
    }
    return Optional.of(report.get());
  }

  /**
   * What PMD found in the files it finished, collected as it goes: if PMD runs over its budget,
   * this is what is kept. A file's violations count only once its analysis ended, so a file cut off
   * midway contributes nothing rather than a partial, misleading set.
   */
  private static final class Finished implements GlobalAnalysisListener {
    private final List<RuleViolation> violations = new ArrayList<>();
    private int files;
    private int errors;

    @Override
    public FileAnalysisListener startFileAnalysis(TextFile file) {
      List<RuleViolation> found = new ArrayList<>();
      int[] failed = {0};
      return new FileAnalysisListener() {
        @Override
        public void onRuleViolation(RuleViolation violation) {
          found.add(violation);
        }

        @Override
        public void onError(Report.ProcessingError error) {
          failed[0]++;
        }

        @Override
        public void close() {
          synchronized (Finished.this) {
            violations.addAll(found);
            errors += failed[0];
            files++;
          }
        }
      };
    }

    @Override
    public void close() {
      // nothing held
    }

    synchronized List<RuleViolation> violations() {
      return List.copyOf(violations);
    }

    synchronized int files() {
      return files;
    }

    synchronized int errors() {
      return errors;
    }
  }

  /** A file handed to PMD. */
  private record Candidate(FileId id, LanguageVersion language, RepositoryFile file) {}

  private static boolean isStackOverflow(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StackOverflowError) {
        return true;
      }
    }
    return false;
  }

  /**
   * The file PMD started last. On the calling thread (mono-thread processor) an Error ends the
   * analysis inside the file that caused it, so that file is the one started last.
   */
  private static final class LastStarted implements GlobalAnalysisListener {
    private final AtomicReference<FileId> last = new AtomicReference<>();

    @Override
    public FileAnalysisListener startFileAnalysis(TextFile file) {
      last.set(file.getFileId());
      return FileAnalysisListener.noop();
    }

    @Override
    public void close() {
      // nothing held
    }

    Optional<FileId> last() {
      return Optional.ofNullable(last.get());
    }
  }

  /**
   * Refuses a working directory in which PMD would find a ruleset file before its bundled one.
   *
   * @throws IllegalStateException if {@code category} or {@code rulesets} exists there
   */
  static void refuseRulesetLookalikes(Path workingDirectory) {
    for (String name : List.of("category", "rulesets")) {
      if (Files.exists(workingDirectory.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalStateException(
            "the working directory holds a '" + name + "' entry PMD would load rulesets from");
      }
    }
  }

  /**
   * The descriptor of every rule the given bundled rulesets load, as this analyzer writes them into
   * SARIF (first occurrence of a name wins). The parent's rule catalog is built from these, so the
   * parent takes rule text from its own copy instead of from the sandboxed process.
   *
   * @throws IllegalArgumentException if a reference is not a bundled ruleset
   */
  public static List<SarifRule> describeRules(List<String> rulesets) {
    for (String ruleset : rulesets) {
      if (!AnalyzerRequest.PMD_RULESET.matcher(ruleset).matches()) {
        throw new IllegalArgumentException("not a bundled PMD ruleset reference");
      }
    }
    PMDConfiguration config = new PMDConfiguration();
    config.setRuleSets(rulesets);
    Map<String, SarifRule> rules = new LinkedHashMap<>();
    try (PmdAnalysis pmd = PmdAnalysis.create(config)) {
      pmd.getRulesets()
          .forEach(
              set -> set.getRules().forEach(r -> rules.putIfAbsent(r.getName(), descriptor(r))));
    }
    return List.copyOf(rules.values());
  }

  private static SarifRule descriptor(Rule rule) {
    SarifLevel level = level(rule.getPriority().getPriority());
    String category = rule.getRuleSetName();
    String message =
        "Violation of PMD rule "
            + rule.getName()
            + (category == null || category.isBlank() ? "" : " (" + category.trim() + ")")
            + ".";
    String description = rule.getDescription();
    if (description != null) {
      description = description.replaceAll("\\s+", " ").trim();
      if (description.length() > MAX_DESCRIPTION) {
        description = description.substring(0, MAX_DESCRIPTION);
      }
      if (description.isEmpty()) {
        description = null;
      }
    }
    String help = rule.getExternalInfoUrl();
    return new SarifRule(
        rule.getName(),
        rule.getName(),
        message,
        description,
        help != null && HTTPS.matcher(help).matches() ? help : null,
        level);
  }

  static SarifLevel level(int priority) {
    if (priority <= 2) {
      return SarifLevel.ERROR;
    }
    return priority == 3 ? SarifLevel.WARNING : SarifLevel.NOTE;
  }

  private static SarifRegion region(RuleViolation violation) {
    int beginLine = violation.getBeginLine();
    if (beginLine < 1) {
      return null;
    }
    int beginColumn = Math.max(0, violation.getBeginColumn());
    int endLine = violation.getEndLine() >= beginLine ? violation.getEndLine() : 0;
    int endColumn = Math.max(0, violation.getEndColumn());
    try {
      return new SarifRegion(beginLine, beginColumn, endLine, endColumn);
    } catch (IllegalArgumentException e) {
      return new SarifRegion(beginLine, beginColumn, 0, 0);
    }
  }
}
