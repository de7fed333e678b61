package dev.airlock.benchmarks.checkout;

import dev.airlock.analyze.adapter.github.GitHubAppTokenMinter;
import dev.airlock.analyze.adapter.jgit.JGitCheckout;
import dev.airlock.analyze.adapter.json.SerdeJsonCodec;
import dev.airlock.analyze.domain.AccessToken;
import dev.airlock.analyze.domain.Caps;
import dev.airlock.analyze.domain.CheckoutReport;
import dev.airlock.analyze.domain.CheckoutRules;
import dev.airlock.analyze.domain.RepositoryTarget;
import dev.airlock.analyze.domain.Workspace;
import dev.airlock.analyze.port.RepositoryCheckout;
import dev.airlock.benchmarks.harness.Figure;
import dev.airlock.benchmarks.harness.Measurement;
import dev.airlock.benchmarks.harness.ProcessSampler;
import dev.airlock.benchmarks.harness.Result;
import dev.airlock.benchmarks.harness.RunContext;
import dev.airlock.benchmarks.harness.Stats;
import dev.airlock.benchmarks.harness.Target;
import dev.airlock.core.message.Provider;
import dev.airlock.emulators.codehost.FixtureRepositories;
import dev.airlock.emulators.codehost.LocalCodeHost;
import dev.airlock.emulators.codehost.LocalCodeHostConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;

/**
 * Figure 5: analyze's real checkout ({@link JGitCheckout}: bare repository, depth-1 fetch of one
 * SHA with an installation token, the tree written file by file under {@link CheckoutRules}) of a
 * generated 5,000-file / ~45 MB repository served by the local code host (JGit smart HTTP, the host
 * the analyze tests use) ÷ {@code git clone --depth 1} of the same repository and commit from the
 * same server, with the same token, in a fresh {@code git} process.
 *
 * <p>The repository is generated from a fixed seed and packed once ({@code gc}), as a hosted
 * repository is: the server then streams stored pack data instead of compressing loose objects for
 * every clone. Runs alternate checkout and clone after one discarded run of each (the first
 * checkout also loads and compiles JGit's classes in this JVM; a warm function does not pay that
 * again). Wall time is the figure; CPU is reported beside it: the git child's user + system time
 * (every git process it ran), and for the checkout the CPU of the thread that ran it (the server
 * runs in this JVM too, so the process's CPU would count the server's work as the client's; the
 * process CPU of both variants is in the details).
 */
public final class CloneFigure implements Figure {

  static final long SEED = 20260501L;
  private static final String OWNER = "bench";
  private static final String NAME = "large";
  private static final long INSTALLATION = 5005L;

  @Override
  public String id() {
    return "5";
  }

  @Override
  public String title() {
    return "Clone of a 5,000-file / ~45 MB repository at one SHA (analyze's JGitCheckout)";
  }

  @Override
  public String floorDescription() {
    return "git clone --depth 1 --no-tags of the same repository and commit from the same local"
        + " code host, same token, fresh git process";
  }

  @Override
  public Target target() {
    return Target.atMost(1.5);
  }

  @Override
  public List<Result> run(RunContext ctx) throws Exception {
    Path work = ctx.workDir().resolve("fig5");
    Files.createDirectories(work);
    ProcessSampler.Sample version =
        ProcessSampler.run(
            List.of("git", "--version"), Map.of(), work.resolve("scratch"), Duration.ofSeconds(30));
    if (version.exitCode() != 0) {
      return List.of(Result.notMeasured(id(), "wall", target(), "git CLI not available"));
    }
    ctx.progress("figure 5: generating the repository (seed " + SEED + ")");
    GeneratedRepository repo =
        GeneratedRepository.generate(SEED, GeneratedRepository.FILES, GeneratedRepository.BYTES);
    Path hostRoot = work.resolve("codehost");
    FixtureRepositories fixtures = new FixtureRepositories(hostRoot);
    String sha = fixtures.create(OWNER, NAME, repo.files());
    try (Git git = Git.open(fixtures.directoryOf(OWNER, NAME).toFile())) {
      git.gc().call();
    }
    int runs = ctx.quick() ? 3 : ctx.coldRuns();
    try (LocalCodeHost host = LocalCodeHost.start(LocalCodeHostConfig.builder(hostRoot).build())) {
      host.registerInstallation(INSTALLATION, OWNER, List.of(OWNER + "/" + NAME));
      RepositoryTarget target =
          new RepositoryTarget(Provider.GITHUB, OWNER, NAME, host.cloneUrl(OWNER + "/" + NAME));
      GitHubAppTokenMinter minter =
          new GitHubAppTokenMinter(
              GitHubAppTokenMinter.defaultClient(),
              host.apiBaseUrl(),
              host.appId(),
              () -> host.appKeyPair().orElseThrow().getPrivate(),
              SerdeJsonCodec.createDefault(),
              Clock.systemUTC());
      AccessToken token = minter.mint(target, Long.toString(INSTALLATION));
      return measure(ctx, work, repo, sha, target, token, runs, version.stdout().strip());
    }
  }

  private List<Result> measure(
      RunContext ctx,
      Path work,
      GeneratedRepository repo,
      String sha,
      RepositoryTarget target,
      AccessToken token,
      int runs,
      String gitVersion)
      throws Exception {
    JGitCheckout checkout = new JGitCheckout(Clock.systemUTC());
    Map<String, String> gitEnv = gitEnvironment(work, token);
    List<Double> jgitWall = new ArrayList<>();
    List<Double> jgitCpu = new ArrayList<>();
    List<Double> jgitProcessCpu = new ArrayList<>();
    List<Double> jgitFetch = new ArrayList<>();
    List<Double> jgitWrite = new ArrayList<>();
    List<Double> gitWall = new ArrayList<>();
    List<Double> gitCpu = new ArrayList<>();
    List<Double> gitServerCpu = new ArrayList<>();
    String check = null;
    ctx.progress("figure 5: 1 discarded + " + runs + " runs each, alternating");
    for (int i = -1; i < runs; i++) {
      // --- analyze's checkout, in this JVM
      Workspace ws = workspace(work.resolve("jgit-" + (i + 1)));
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long processCpu0 = processCpuNanos();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      CheckoutReport report =
          checkout.checkout(
              target,
              sha,
              token,
              ws,
              new CheckoutRules(Caps.defaults()),
              Instant.now().plus(Duration.ofMinutes(5)),
              // A first push: nothing to carry forward, every file is written (the full cost).
              RepositoryCheckout.BaselineCheck.NONE);
      long wall = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      long processCpu = processCpuNanos() - processCpu0;
      if (report.filesWritten() != repo.files().size()
          || report.bytesWritten() != repo.totalBytes()) {
        check =
            "checkout wrote "
                + report.filesWritten()
                + " files / "
                + report.bytesWritten()
                + " bytes, expected "
                + repo.files().size()
                + " / "
                + repo.totalBytes();
      }
      deleteTree(ws.root());
      // --- git clone --depth 1, a fresh process
      Path dest = work.resolve("git-" + (i + 1));
      long serverCpu0 = processCpuNanos();
      ProcessSampler.Sample s =
          ProcessSampler.run(
              List.of(
                  "git",
                  "clone",
                  "--depth",
                  "1",
                  "--no-tags",
                  "--quiet",
                  target.cloneUrl().toString(),
                  dest.toString()),
              gitEnv,
              work.resolve("scratch"),
              Duration.ofMinutes(5));
      long serverCpu = processCpuNanos() - serverCpu0;
      if (s.exitCode() != 0) {
        throw new IOException("git clone failed with exit code " + s.exitCode());
      }
      if (i < 0) {
        String head = gitHead(dest, work);
        long files = countFiles(dest);
        if (!sha.equals(head) || files != repo.files().size()) {
          check = "git clone gave " + head + " with " + files + " files";
        }
      }
      deleteTree(dest);
      if (i >= 0) {
        jgitWall.add(wall / 1e6);
        jgitCpu.add(cpu / 1e6);
        jgitProcessCpu.add(processCpu / 1e6);
        jgitFetch.add((double) report.fetchMillis());
        jgitWrite.add((double) report.writeMillis());
        gitWall.add(s.wallMillis());
        gitCpu.add(s.cpuMillis());
        gitServerCpu.add(serverCpu / 1e6);
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("files", repo.files().size());
    details.put("repositoryBytes", repo.totalBytes());
    details.put("commit", sha);
    details.put("seed", SEED);
    details.put("runs", runs);
    details.put("git", gitVersion);
    details.put("jgitCheckoutWallMillis", rounded(jgitWall));
    details.put("jgitFetchMillisMedian", Stats.median(jgitFetch));
    details.put("jgitWriteMillisMedian", Stats.median(jgitWrite));
    details.put("jgitThreadCpuMillis", rounded(jgitCpu));
    details.put("jgitProcessCpuMillisInclServer", rounded(jgitProcessCpu));
    details.put("gitCloneWallMillis", rounded(gitWall));
    details.put("gitChildCpuMillis", rounded(gitCpu));
    details.put("serverCpuMillisDuringGitClone", rounded(gitServerCpu));
    details.put(
        "method",
        "in-process JGitCheckout.checkout (warm JVM, token minted once) vs git clone child;"
            + " alternating after one discarded run each; medians");
    List<Result> rows = new ArrayList<>();
    rows.add(
        Result.measured(
            id(),
            "wall",
            new Measurement(Stats.median(jgitWall), "ms"),
            new Measurement(Stats.median(gitWall), "ms"),
            target(),
            check,
            details));
    if (gitCpu.stream().noneMatch(v -> Double.isNaN(v))) {
      rows.add(
          Result.measured(
              id(),
              "CPU (client)",
              new Measurement(Stats.median(jgitCpu), "ms"),
              new Measurement(Stats.median(gitCpu), "ms"),
              target(),
              check,
              Map.of(
                  "measured", "CPU of the thread running JGitCheckout (this JVM)",
                  "floor", "user + system CPU of git clone and every process it ran")));
    }
    return rows;
  }

  /**
   * git with no system or user configuration and the token as an HTTP header from the environment,
   * never on the command line.
   */
  static Map<String, String> gitEnvironment(Path work, AccessToken token) throws IOException {
    Path home = work.resolve("git-home");
    Files.createDirectories(home);
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (token.username() + ":" + token.secret()).getBytes(StandardCharsets.UTF_8));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_CONFIG_COUNT", "1");
    env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
    env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
    return env;
  }

  private static Workspace workspace(Path root) throws IOException {
    Files.createDirectories(root.resolve("src"));
    return new Workspace(
        root.getFileName().toString(),
        root,
        root.resolve("git"),
        root.resolve("src"),
        root.resolve("out"),
        root.resolve("tmp"),
        root.resolve("home"));
  }

  private static String gitHead(Path dir, Path work) throws Exception {
    ProcessSampler.Sample s =
        ProcessSampler.run(
            List.of("git", "-C", dir.toString(), "rev-parse", "HEAD"),
            Map.of("GIT_CONFIG_NOSYSTEM", "1", "HOME", work.resolve("git-home").toString()),
            work.resolve("scratch"),
            Duration.ofSeconds(30));
    return s.stdout().strip();
  }

  private static long countFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.startsWith(dir.resolve(".git")))
          .filter(p -> Files.isRegularFile(p))
          .count();
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static List<Double> rounded(List<Double> values) {
    return values.stream().map(v -> Math.round(v * 10) / 10.0).toList();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    }
  }
}
