package dev.airlock.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code infra/lint-templates.sh} (cfn-lint with informational findings and Airlock's rules)
 * so that a template change that cfn-lint rejects fails the build. Skipped where cfn-lint is not
 * installed; the script itself fails loudly in that case.
 */
class TemplateLintTest {

  @Test
  void lintTemplates_shouldReportNoFinding_whenRunOnEveryTemplate() throws Exception {
    Path root = Templates.repoRoot();
    assumeTrue(cfnLintAvailable(), "cfn-lint is not installed here");

    Process lint =
        new ProcessBuilder("bash", root.resolve("infra/lint-templates.sh").toString())
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(lint.waitFor(5, TimeUnit.MINUTES), "cfn-lint did not finish");

    assertEquals(0, lint.exitValue(), output);
    assertTrue(output.contains("no findings"), output);
  }

  private static boolean cfnLintAvailable() throws IOException, InterruptedException {
    Path shim = Path.of(System.getProperty("user.home"), ".pyenv", "shims", "cfn-lint");
    String command = Files.isExecutable(shim) ? shim.toString() : "cfn-lint";
    try {
      Process probe = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(1, TimeUnit.MINUTES) && probe.exitValue() == 0;
    } catch (IOException notInstalled) {
      return false;
    }
  }
}
