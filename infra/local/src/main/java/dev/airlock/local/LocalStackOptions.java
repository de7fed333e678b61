package dev.airlock.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start the local stack.
 *
 * @param httpPort port of the webhook routes (0 = free port)
 * @param stateDir directory under which every local store lives (S3 files, KMS key file, logs)
 * @param reposDir bare repositories the local code host serves ({@code <owner>/<name>.git})
 * @param persistKeys keep the local KMS key material in {@code stateDir} across restarts
 * @param functionProperties extra configuration for every function (e.g. webhook secrets)
 * @param backupIntervalMinutes scheduled snapshot interval (0 = no schedule; demo and tests run
 *     backups explicitly)
 */
public record LocalStackOptions(
    int httpPort,
    Path stateDir,
    Path reposDir,
    boolean persistKeys,
    Map<String, Object> functionProperties,
    long backupIntervalMinutes) {

  public LocalStackOptions {
    functionProperties = Map.copyOf(functionProperties);
  }

  /** No backup schedule (demo, tests). */
  public LocalStackOptions(
      int httpPort,
      Path stateDir,
      Path reposDir,
      boolean persistKeys,
      Map<String, Object> functionProperties) {
    this(httpPort, stateDir, reposDir, persistKeys, functionProperties, 0);
  }
}
