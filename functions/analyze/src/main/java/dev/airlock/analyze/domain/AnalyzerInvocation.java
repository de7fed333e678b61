package dev.airlock.analyze.domain;

import java.time.Duration;
import java.util.List;

/**
 * How to run the analyzers over a workspace's source directory.
 *
 * @param analyzers analyzer names ({@code --analyzers})
 * @param maxFileBytes files larger than this are not analyzed ({@code --max-file-bytes})
 * @param maxResults results per analyzer ({@code --max-results})
 * @param maxGzipBytes the log's gzipped size limit ({@code --max-gzip-bytes})
 * @param timeout wall-clock limit; the process tree is killed when it is reached
 * @param fingerprintSalt the account's salt for secret fingerprints (written to a file in the
 *     sandbox, readable only by the analyzer process)
 */
public record AnalyzerInvocation(
    List<String> analyzers,
    long maxFileBytes,
    int maxResults,
    long maxGzipBytes,
    Duration timeout,
    byte[] fingerprintSalt) {

  public AnalyzerInvocation {
    analyzers = List.copyOf(analyzers);
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (fingerprintSalt == null || fingerprintSalt.length < 16) {
      throw new IllegalArgumentException("fingerprint salt is too short");
    }
    fingerprintSalt = fingerprintSalt.clone();
  }

  @Override
  public byte[] fingerprintSalt() {
    return fingerprintSalt.clone();
  }
}
