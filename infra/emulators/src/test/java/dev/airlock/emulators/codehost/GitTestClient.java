package dev.airlock.emulators.codehost;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FS;

/**
 * Test-only git clients: JGit the way Airlock's checkout will use it (init, shallow fetch of one
 * SHA, detached checkout) and the git CLI for comparison. Production clone code belongs to the
 * analyze module.
 */
final class GitTestClient {

  private GitTestClient() {}

  /** Keeps JGit from reading or writing the real user's config files while tests run. */
  static void isolateUserConfig(Path home) {
    FS.DETECTED.setUserHome(home.toFile());
  }

  /** Fetches {@code sha} with depth 1 over protocol v2 into a new repository at {@code dir}. */
  static void shallowFetch(URI repoUrl, String token, String sha, Path dir)
      throws GitAPIException, IOException {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      StoredConfig config = git.getRepository().getConfig();
      config.setInt("protocol", null, "version", 2);
      config.setBoolean("core", null, "symlinks", false);
      config.save();
      git.fetch()
          .setRemote(repoUrl.toString())
          .setRefSpecs(new RefSpec(sha + ":refs/heads/checkout"))
          .setDepth(1)
          .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", token))
          .call();
      git.checkout().setName(sha).call();
    }
  }

  /**
   * Fetches {@code sha} with depth 1 into a new bare repository at {@code dir} without checking it
   * out, so hostile trees can be inspected without being written to disk.
   */
  static void shallowFetchWithoutCheckout(URI repoUrl, String token, String sha, Path dir)
      throws GitAPIException {
    try (Git git = Git.init().setBare(true).setDirectory(dir.toFile()).call()) {
      git.fetch()
          .setRemote(repoUrl.toString())
          .setRefSpecs(new RefSpec(sha + ":refs/heads/checkout"))
          .setDepth(1)
          .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", token))
          .call();
    }
  }

  /** Every regular file under {@code dir} except {@code .git}, as {@code path -> content}. */
  static Map<String, byte[]> workingTree(Path dir) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path rel = dir.relativize(p);
        if (rel.getNameCount() > 0 && rel.getName(0).toString().equals(".git")) {
          continue;
        }
        if (Files.isRegularFile(p)) {
          files.put(rel.toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  static boolean gitCliAvailable() {
    try {
      return new ProcessBuilder("git", "--version").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  record CliResult(int exitCode, String output) {}

  /**
   * Runs {@code git args...} in {@code dir} with a hermetic environment; the token travels as an
   * {@code http.extraHeader} through GIT_CONFIG_* variables, never on the command line.
   */
  static CliResult git(Path dir, Path home, String token, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", home.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_TERMINAL_PROMPT", "0");
    if (token != null) {
      String basic =
          Base64.getEncoder()
              .encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
      env.put("GIT_CONFIG_COUNT", "1");
      env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
      env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
    }
    Process process = pb.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("git timed out");
    }
    return new CliResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
