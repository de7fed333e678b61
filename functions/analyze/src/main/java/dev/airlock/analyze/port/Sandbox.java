package dev.airlock.analyze.port;

import dev.airlock.analyze.domain.AnalyzerInvocation;
import dev.airlock.analyze.domain.AnalyzerRun;
import dev.airlock.analyze.domain.PurgeReport;
import dev.airlock.analyze.domain.Workspace;
import java.util.List;

/**
 * Private, disposable workspaces and the isolated analyzer process that runs in one.
 *
 * <p>A workspace is a fresh directory with a random name under the function's temporary space,
 * reachable by no other job, holding one job's checkout. The analyzer process gets an allow-listed
 * environment (no credentials), the workspace as working directory, a heap cap, a wall-clock
 * timeout after which its whole process tree is killed, and its output discarded. Where the
 * operating system allows, it also gets its own PID and network namespaces (no network, no view of
 * other processes) and its own user id; {@link #isolation()} says what this instance provides.
 */
public interface Sandbox {

  /**
   * Creates a workspace for {@code jobId}.
   *
   * @throws dev.airlock.analyze.domain.AnalysisException {@code sandbox-unavailable} if it cannot
   *     be created
   */
  Workspace create(String jobId);

  /**
   * Runs the analyzers over the workspace's source directory. Before the process starts, the git
   * directory is removed and the workspace handed to the analyzer's user.
   *
   * @throws dev.airlock.analyze.domain.AnalysisException {@code analyzers-unavailable} if the
   *     analyzers are not installed, {@code sandbox-unavailable} if the process cannot start
   */
  AnalyzerRun run(Workspace workspace, AnalyzerInvocation invocation);

  /**
   * Deletes the workspace without following symbolic links and verifies it is gone. Never throws: a
   * failure is reported in the result (and must be alarmed by the caller).
   */
  PurgeReport purge(Workspace workspace);

  /**
   * Deletes workspaces left behind by earlier invocations that were killed (their owning process is
   * gone, or it is this process and they are not live).
   *
   * @return one report per removed workspace, keyed by its name
   */
  List<Leftover> purgeLeftovers();

  /** How analyzer processes are isolated here, e.g. {@code namespaces+uid} or {@code none}. */
  String isolation();

  /** A workspace removed by {@link #purgeLeftovers()}. */
  record Leftover(String name, PurgeReport report) {}
}
