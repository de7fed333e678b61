package dev.airlock.analyzers;

import dev.airlock.analyzers.sarif.SarifLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What to analyze and how. Every setting comes from Airlock (the parent process), never from files
 * in the repository.
 *
 * @param root the checkout directory (must be a directory, not a link)
 * @param salt key for secret fingerprints
 * @param analyzers which analyzers run, in {@link AnalyzerKind} order
 * @param maxFileBytes files larger than this are skipped (and counted)
 * @param limits SARIF size limits
 * @param pmdRulesets PMD ruleset references: bundled rulesets only (see {@link #PMD_RULESET})
 * @param pmdThreads PMD worker threads; 0 analyzes on the calling thread
 * @param regexBudget time one secret rule may spend on one file
 * @param genericEntropy entropy threshold replacing the generic secret rules' own, if present
 * @param fileScanBudget time the secrets scan may spend on one file, all rules together; a file
 *     over it is scanned only in part (its findings so far kept) and counted
 * @param scanBudget time the secrets scan may spend on the whole job; once over it, further files
 *     are not scanned and the run says so, keeping every finding so far
 * @param pmdBudget time from the start of the analyzers ({@link Analyzers#run}) until which PMD may
 *     run; once over it, the files PMD has finished keep their results, the others are counted and
 *     noted, and the run ends normally (PMD's threads are abandoned: the process exits after the
 *     log is written)
 */
public record AnalyzerRequest(
    Path root,
    Salt salt,
    Set<AnalyzerKind> analyzers,
    long maxFileBytes,
    SarifLimits limits,
    List<String> pmdRulesets,
    int pmdThreads,
    Duration regexBudget,
    OptionalDouble genericEntropy,
    Duration fileScanBudget,
    Duration scanBudget,
    Duration pmdBudget) {

  /** PMD's quickstart ruleset for Java, the default. */
  public static final String DEFAULT_PMD_RULESET = "rulesets/java/quickstart.xml";

  /**
   * Shape of an accepted PMD ruleset reference: a ruleset or category bundled with PMD ({@code
   * rulesets/<lang>/<name>.xml} or {@code category/<lang>/<name>.xml}, optionally {@code
   * /<RuleName>}). Paths and URLs are refused, so a ruleset never comes from the repository.
   */
  public static final Pattern PMD_RULESET =
      Pattern.compile("(rulesets|category)/[a-z0-9]+/[A-Za-z0-9_-]+\\.xml(/[A-Za-z0-9_]+)?");

  /** Default size cap per file: 1 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 1024L * 1024;

  /** Default time budget of one secret rule on one file. */
  public static final Duration DEFAULT_REGEX_BUDGET = Duration.ofSeconds(3);

  /**
   * Default time budget of the secrets scan on one file, all rules together. A 1 MiB source file
   * takes well under a second; adversarial files could otherwise cost every rule its full {@link
   * #DEFAULT_REGEX_BUDGET} (222 rules × 3 s).
   */
  public static final Duration DEFAULT_FILE_SCAN_BUDGET = Duration.ofSeconds(20);

  /**
   * Default time budget of the secrets scan on the whole job when run directly. The analyze sandbox
   * passes a budget derived from its analyzer timeout instead, so the scan ends with its findings
   * before the process would be killed.
   */
  public static final Duration DEFAULT_SCAN_BUDGET = Duration.ofMinutes(30);

  /**
   * Default PMD budget when run directly. PMD has no time limit of its own and some of its rules
   * grow faster than linearly with a file's size: one generated 1 MiB class of 80,000 empty methods
   * takes 138 s of CPU, so a single file could outlast the sandbox's analyzer timeout. The analyze
   * sandbox passes a budget derived from that timeout instead.
   */
  public static final Duration DEFAULT_PMD_BUDGET = Duration.ofMinutes(30);

  /**
   * @throws IllegalArgumentException on an out-of-range setting or an unaccepted ruleset
   */
  public AnalyzerRequest {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(regexBudget, "regexBudget");
    Objects.requireNonNull(genericEntropy, "genericEntropy");
    Objects.requireNonNull(fileScanBudget, "fileScanBudget");
    Objects.requireNonNull(scanBudget, "scanBudget");
    Objects.requireNonNull(pmdBudget, "pmdBudget");
    analyzers = analyzers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(analyzers));
    pmdRulesets = List.copyOf(pmdRulesets);
    if (analyzers.isEmpty()) {
      throw new IllegalArgumentException("at least one analyzer is required");
    }
    if (maxFileBytes < 1) {
      throw new IllegalArgumentException("maxFileBytes must be positive");
    }
    if (pmdThreads < 0 || pmdThreads > 64) {
      throw new IllegalArgumentException("pmdThreads must be 0 to 64");
    }
    if (regexBudget.isNegative() || regexBudget.isZero()) {
      throw new IllegalArgumentException("regexBudget must be positive");
    }
    if (fileScanBudget.isNegative() || fileScanBudget.isZero()) {
      throw new IllegalArgumentException("fileScanBudget must be positive");
    }
    if (scanBudget.isNegative() || scanBudget.isZero()) {
      throw new IllegalArgumentException("scanBudget must be positive");
    }
    if (pmdBudget.isNegative() || pmdBudget.isZero()) {
      throw new IllegalArgumentException("pmdBudget must be positive");
    }
    if (pmdRulesets.isEmpty()) {
      throw new IllegalArgumentException("at least one PMD ruleset is required");
    }
    for (String ruleset : pmdRulesets) {
      if (!PMD_RULESET.matcher(ruleset).matches()) {
        throw new IllegalArgumentException("PMD rulesets must name a ruleset bundled with PMD");
      }
    }
    if (genericEntropy.isPresent()
        && !(genericEntropy.getAsDouble() >= 0 && genericEntropy.getAsDouble() <= 8)) {
      throw new IllegalArgumentException("entropy threshold must be 0 to 8");
    }
  }

  /** A builder with Airlock's defaults: both analyzers, 1 MiB, GitHub's limits, quickstart. */
  public static Builder builder(Path root, Salt salt) {
    return new Builder(root, salt);
  }

  /** Builder of {@link AnalyzerRequest}. */
  public static final class Builder {
    private final Path root;
    private final Salt salt;
    private Set<AnalyzerKind> analyzers = EnumSet.allOf(AnalyzerKind.class);
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private SarifLimits limits = SarifLimits.GITHUB;
    private List<String> pmdRulesets = List.of(DEFAULT_PMD_RULESET);
    private int pmdThreads = 1;
    private Duration regexBudget = DEFAULT_REGEX_BUDGET;
    private OptionalDouble genericEntropy = OptionalDouble.empty();
    private Duration fileScanBudget = DEFAULT_FILE_SCAN_BUDGET;
    private Duration scanBudget = DEFAULT_SCAN_BUDGET;
    private Duration pmdBudget = DEFAULT_PMD_BUDGET;

    private Builder(Path root, Salt salt) {
      this.root = root;
      this.salt = salt;
    }

    public Builder analyzers(Set<AnalyzerKind> value) {
      analyzers = value;
      return this;
    }

    public Builder maxFileBytes(long value) {
      maxFileBytes = value;
      return this;
    }

    public Builder limits(SarifLimits value) {
      limits = value;
      return this;
    }

    public Builder pmdRulesets(List<String> value) {
      pmdRulesets = value;
      return this;
    }

    public Builder pmdThreads(int value) {
      pmdThreads = value;
      return this;
    }

    public Builder regexBudget(Duration value) {
      regexBudget = value;
      return this;
    }

    public Builder genericEntropy(OptionalDouble value) {
      genericEntropy = value;
      return this;
    }

    public Builder fileScanBudget(Duration value) {
      fileScanBudget = value;
      return this;
    }

    public Builder scanBudget(Duration value) {
      scanBudget = value;
      return this;
    }

    public Builder pmdBudget(Duration value) {
      pmdBudget = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException see {@link AnalyzerRequest}
     */
    public AnalyzerRequest build() {
      return new AnalyzerRequest(
          root,
          salt,
          analyzers,
          maxFileBytes,
          limits,
          pmdRulesets,
          pmdThreads,
          regexBudget,
          genericEntropy,
          fileScanBudget,
          scanBudget,
          pmdBudget);
    }
  }
}
