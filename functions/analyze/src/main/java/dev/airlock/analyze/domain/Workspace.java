package dev.airlock.analyze.domain;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One job's sandbox directory and its parts. Only the sandbox adapter creates and deletes it.
 *
 * @param name the directory's random name (also in the purge receipt)
 * @param root the sandbox directory itself
 * @param gitDir where the checkout keeps git objects (removed before analyzers run)
 * @param sourceDir the checked-out files, the analyzers' {@code --root}
 * @param outputDir where the analyzers write {@code results.sarif}
 * @param tmpDir the analyzer process's temporary directory
 * @param homeDir the analyzer process's home directory
 */
public record Workspace(
    String name,
    Path root,
    Path gitDir,
    Path sourceDir,
    Path outputDir,
    Path tmpDir,
    Path homeDir) {

  public Workspace {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(gitDir, "gitDir");
    Objects.requireNonNull(sourceDir, "sourceDir");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(tmpDir, "tmpDir");
    Objects.requireNonNull(homeDir, "homeDir");
  }
}
