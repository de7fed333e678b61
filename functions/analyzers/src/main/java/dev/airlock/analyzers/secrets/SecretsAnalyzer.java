package dev.airlock.analyzers.secrets;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets analyzer: the shipped gitleaks rules (and their entropy thresholds, which make {@code
 * generic-api-key} the high-entropy catch-all) over every text file of the checkout.
 *
 * <p>A result names the rule, the file and the secret's span, with the rule's description as
 * message and {@value #FINGERPRINT_KEY} = {@code HMAC-SHA256(salt, secret)} as partial fingerprint.
 * Never the secret, the match, the line or a snippet.
 */
public final class SecretsAnalyzer implements Analyzer {

  /** SARIF driver name. */
  public static final String TOOL_NAME = "airlock-secrets";

  /** Driver version: this analyzer's version and the gitleaks snapshot the rules come from. */
  public static final String TOOL_VERSION = "1.0.0+gitleaks-b58d3f1";

  /** Partial fingerprint name holding the keyed hash of the secret. */
  public static final String FINGERPRINT_KEY = "secretHmacSha256/v1";

  /** SARIF driver information URI. */
  public static final String INFORMATION_URI = "https://github.com/gitleaks/gitleaks";

  private final GitleaksConfig config;

  /** An analyzer with the shipped rule file. */
  public SecretsAnalyzer() {
    this(GitleaksConfig.loadDefault());
  }

  /** An analyzer with the given rules. */
  public SecretsAnalyzer(GitleaksConfig config) {
    this.config = config;
  }

  @Override
  public AnalyzerKind kind() {
    return AnalyzerKind.SECRETS;
  }

  /**
   * The descriptor of every rule this analyzer can report, as it writes them into SARIF: the
   * parent's rule catalog is built from these, so the parent takes rule text from its own copy
   * instead of from the sandboxed process.
   */
  public List<SarifRule> describeRules() {
    Map<String, SarifRule> rules = new LinkedHashMap<>();
    config.rules().forEach(rule -> rules.putIfAbsent(rule.id(), descriptor(rule)));
    return List.copyOf(rules.values());
  }

  private static SarifRule descriptor(SecretRule rule) {
    return new SarifRule(rule.id(), rule.id(), rule.description(), null, null, SarifLevel.ERROR);
  }

  @Override
  public AnalyzerOutcome analyze(RepositoryListing listing, AnalyzerRequest request) {
    SecretScanner scanner =
        new SecretScanner(
            config,
            request.salt(),
            request.regexBudget(),
            request.genericEntropy(),
            request.fileScanBudget());
    // The job's total budget: once spent, the remaining files are not scanned, so the run ends with
    // the findings so far instead of being killed at the analyzer timeout with none.
    long jobDeadline = System.nanoTime() + request.scanBudget().toNanos();
    List<SecretFinding> findings = new ArrayList<>();
    long analyzed = 0;
    long bytes = 0;
    long tooLarge = 0;
    long binary = 0;
    long unreadable = 0;
    long budgetExceeded = 0;
    long filesOverBudget = 0;
    long filesNotScanned = 0;
    for (RepositoryFile file : listing.files()) {
      if (filesNotScanned > 0 || System.nanoTime() - jobDeadline >= 0) {
        filesNotScanned++;
        continue;
      }
      if (scanner.fileAllowed(file.relativePath())) {
        continue;
      }
      FileContents.Read read = FileContents.read(file, request.maxFileBytes());
      SecretScanner.FileScan scan;
      switch (read.kind()) {
        case TEXT -> {
          analyzed++;
          bytes += read.bytes();
          scan = scanner.scan(file.relativePath(), read.text(), jobDeadline);
        }
        case TOO_LARGE -> {
          tooLarge++;
          scan = scanner.scanPath(file.relativePath());
        }
        case BINARY -> {
          binary++;
          scan = scanner.scanPath(file.relativePath());
        }
        default -> {
          unreadable++;
          scan = scanner.scanPath(file.relativePath());
        }
      }
      findings.addAll(scan.findings());
      budgetExceeded += scan.budgetExceeded();
      if (scan.overBudget()) {
        filesOverBudget++;
      }
    }

    Map<String, SecretRule> rulesById = new LinkedHashMap<>();
    config.rules().forEach(rule -> rulesById.putIfAbsent(rule.id(), rule));
    Map<String, SarifRule> usedRules = new LinkedHashMap<>();
    List<SarifResult> results = new ArrayList<>();
    long unrepresentable = 0;
    for (SecretFinding finding : findings) {
      if (!SarifLocation.representable(finding.path())) {
        unrepresentable++;
        continue;
      }
      SecretRule rule = rulesById.get(finding.ruleId());
      usedRules.computeIfAbsent(rule.id(), id -> descriptor(rule));
      SarifRegion region =
          finding.isPathOnly()
              ? null
              : new SarifRegion(
                  finding.startLine(),
                  finding.startColumn(),
                  finding.endLine(),
                  finding.endColumn());
      results.add(
          new SarifResult(
              finding.ruleId(),
              SarifLevel.ERROR,
              new SarifLocation(finding.path(), region),
              finding.fingerprint() == null
                  ? Map.of()
                  : Map.of(FINGERPRINT_KEY, finding.fingerprint())));
    }

    List<ToolNote> notes = new ArrayList<>();
    for (GitleaksConfig.SkippedRule skipped : config.skipped()) {
      String id = skipped.id().replaceAll("[^A-Za-z0-9_.-]", "_");
      id = id.isEmpty() ? "unnamed" : id.substring(0, Math.min(id.length(), 128));
      notes.add(ToolNote.of(AirlockNote.RULE_SKIPPED, SarifLevel.WARNING, id));
    }
    if (config.allowlistPatternsSkipped() > 0) {
      notes.add(
          ToolNote.of(
              AirlockNote.ALLOWLIST_PATTERNS_SKIPPED,
              SarifLevel.WARNING,
              (long) config.allowlistPatternsSkipped()));
    }
    if (budgetExceeded > 0) {
      notes.add(
          ToolNote.of(
              AirlockNote.REGEX_BUDGET_EXCEEDED,
              SarifLevel.WARNING,
              budgetExceeded,
              request.regexBudget().toMillis()));
    }
    if (filesOverBudget > 0) {
      notes.add(
          ToolNote.of(
              AirlockNote.FILE_SCAN_BUDGET_EXCEEDED,
              SarifLevel.WARNING,
              filesOverBudget,
              request.fileScanBudget().toMillis()));
    }
    if (filesNotScanned > 0) {
      notes.add(
          ToolNote.of(
              AirlockNote.SCAN_BUDGET_EXCEEDED,
              SarifLevel.WARNING,
              request.scanBudget().toMillis(),
              filesNotScanned));
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
    if (unrepresentable > 0) {
      notes.add(
          ToolNote.of(AirlockNote.UNREPRESENTABLE_PATHS, SarifLevel.WARNING, unrepresentable));
    }
    if (listing.skippedNotRegular() > 0) {
      notes.add(
          ToolNote.of(
              AirlockNote.NOT_REGULAR_SKIPPED,
              SarifLevel.NOTE,
              (long) listing.skippedNotRegular()));
    }

    SarifRun run =
        new SarifRun(
            TOOL_NAME,
            TOOL_VERSION,
            INFORMATION_URI,
            List.copyOf(usedRules.values()),
            results,
            true,
            notes);
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("rulesLoaded", (long) config.rules().size());
    counters.put("rulesSkipped", (long) config.skipped().size());
    counters.put("allowlistPatternsSkipped", (long) config.allowlistPatternsSkipped());
    counters.put("regexBudgetExceeded", budgetExceeded);
    counters.put("resultsUnrepresentable", unrepresentable);
    counters.put("filesOverScanBudget", filesOverBudget);
    counters.put("filesNotScannedJobBudget", filesNotScanned);
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
}
