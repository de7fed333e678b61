package dev.airlock.analyzers;

import dev.airlock.analyzers.files.RepositoryListing;
import dev.airlock.analyzers.files.RepositoryWalker;
import dev.airlock.analyzers.pmd.PmdAnalyzer;
import dev.airlock.analyzers.sarif.AirlockNote;
import dev.airlock.analyzers.sarif.SarifJson;
import dev.airlock.analyzers.sarif.SarifLevel;
import dev.airlock.analyzers.sarif.SarifLog;
import dev.airlock.analyzers.sarif.SarifRun;
import dev.airlock.analyzers.sarif.SarifScrubber;
import dev.airlock.analyzers.sarif.SarifWriter;
import dev.airlock.analyzers.sarif.ToolNote;
import dev.airlock.analyzers.secrets.SecretsAnalyzer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the requested analyzers over a checkout and returns one scrubbed SARIF log with a run per
 * analyzer. The in-process API behind {@link AnalyzerMain}.
 */
public final class Analyzers {

  private Analyzers() {}

  /**
   * Lists the checkout once (without following links), runs each requested analyzer in {@link
   * AnalyzerKind} order, then writes, scrubs and limits the log.
   *
   * <p>An analyzer that throws does not stop the others: its run is written with {@code
   * executionSuccessful: false} and an {@link AirlockNote#ANALYZER_FAILED} note, and the summary's
   * status is {@link AnalyzerSummary#ANALYZER_FAILED}. The exception itself is dropped: its message
   * may hold paths or code.
   *
   * @throws IOException if the checkout root is not a directory or cannot be listed
   */
  public static AnalyzerReport run(AnalyzerRequest request) throws IOException {
    long started = System.nanoTime();
    RepositoryListing listing = RepositoryWalker.list(request.root());
    List<SarifRun> runs = new ArrayList<>();
    List<RunSummary> summaries = new ArrayList<>();
    boolean failed = false;
    for (AnalyzerKind kind : AnalyzerKind.values()) {
      if (!request.analyzers().contains(kind)) {
        continue;
      }
      try {
        AnalyzerOutcome outcome = create(kind).analyze(listing, request, started);
        runs.add(outcome.run());
        summaries.add(outcome.summary());
      } catch (RuntimeException | StackOverflowError e) {
        failed = true;
        runs.add(failedRun(kind));
        summaries.add(RunSummary.failed(kind, toolName(kind)));
      }
    }
    SarifScrubber.Outcome scrubbed =
        new SarifScrubber(request.limits()).scrub(SarifWriter.toJson(new SarifLog(runs)));
    String json = SarifJson.toJson(scrubbed.log());
    List<RunSummary> finalSummaries = new ArrayList<>();
    for (int i = 0; i < summaries.size(); i++) {
      SarifScrubber.RunStats stats = scrubbed.runs().get(i);
      finalSummaries.add(
          summaries
              .get(i)
              .afterLimits(
                  stats.resultsKept(), stats.truncatedByCount() + stats.truncatedBySize()));
    }
    AnalyzerSummary summary =
        new AnalyzerSummary(
            failed ? AnalyzerSummary.ANALYZER_FAILED : AnalyzerSummary.OK,
            finalSummaries,
            listing.files().size(),
            listing.skippedNotRegular(),
            listing.skippedDirectories(),
            listing.unreadable(),
            json.getBytes(StandardCharsets.UTF_8).length,
            scrubbed.gzipBytes(),
            (System.nanoTime() - started) / 1_000_000);
    return new AnalyzerReport(json, summary);
  }

  static Analyzer create(AnalyzerKind kind) {
    return switch (kind) {
      case SECRETS -> new SecretsAnalyzer();
      case PMD -> new PmdAnalyzer();
    };
  }

  private static String toolName(AnalyzerKind kind) {
    return switch (kind) {
      case SECRETS -> SecretsAnalyzer.TOOL_NAME;
      case PMD -> PmdAnalyzer.TOOL_NAME;
    };
  }

  private static SarifRun failedRun(AnalyzerKind kind) {
    return new SarifRun(
        toolName(kind),
        null,
        null,
        List.of(),
        List.of(),
        false,
        List.of(ToolNote.of(AirlockNote.ANALYZER_FAILED, SarifLevel.ERROR)));
  }
}
