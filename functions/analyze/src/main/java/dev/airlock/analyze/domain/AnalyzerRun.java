package dev.airlock.analyze.domain;

/**
 * The outcome of one analyzer process.
 *
 * @param exitCode the process's exit code ({@code -1} if it was killed)
 * @param timedOut whether it was killed at its timeout
 * @param wallMillis wall-clock duration
 * @param stdoutBytes bytes it wrote to standard output (counted and discarded, never logged)
 * @param stderrBytes bytes it wrote to standard error (counted and discarded, never logged)
 * @param processesKilled processes killed after the timeout (the process and its descendants)
 * @param sarif the SARIF it wrote, or {@code null} if there is none or it was not a regular file
 * @param sarifTooLarge whether the SARIF file exceeded the size the parent reads
 * @param isolation how the process was isolated (see the sandbox adapter)
 */
public record AnalyzerRun(
    int exitCode,
    boolean timedOut,
    long wallMillis,
    long stdoutBytes,
    long stderrBytes,
    int processesKilled,
    byte[] sarif,
    boolean sarifTooLarge,
    String isolation) {}
