package dev.airlock.analyze.adapter.process;

import dev.airlock.analyze.domain.AnalysisException;
import dev.airlock.analyze.domain.AnalyzerInvocation;
import dev.airlock.analyze.domain.AnalyzerRun;
import dev.airlock.analyze.domain.PurgeReport;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.Workspace;
import dev.airlock.analyze.port.Sandbox;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@link Sandbox} as a private directory plus a child JVM.
 *
 * <p>A workspace is {@code <baseDir>/airlock-sbx-<pid>_<process start>_<128 random bits>}, created
 * with mode 0700 (never an existing path), with {@code git/ src/ out/ tmp/ home/} inside. The name
 * tells {@link #purgeLeftovers()} whose it is: a workspace whose process is gone, or that belongs
 * to this process but is not live, was left by a killed invocation.
 *
 * <p>The analyzer process: {@code java -Xmx<heap>m -XX:+UseSerialGC -XX:-UsePerfData
 * -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true -Dfile.encoding=UTF-8
 * [-XX:TieredStopAtLevel=1 [-XX:C1MaxInlineSize=15]] [-XX:SharedArchiveFile=<archive>]
 * -Djava.io.tmpdir=<tmp> -Duser.home=<home> -cp <analyzers> <main> --root <src> --out
 * <out>/results.sarif --salt-file <salt> --analyzers ... --max-file-bytes ... --max-results ...
 * --max-gzip-bytes ... --scan-budget-ms ... --pmd-budget-ms ...}, wrapped per {@link Isolation},
 * with the environment cleared and set to {@code PATH LANG LC_ALL TZ HOME TMPDIR XDG_CONFIG_HOME
 * XDG_CACHE_HOME} (plus configured harmless pass-through names), standard input from {@code
 * /dev/null}, standard output and error counted and discarded (never logged: an analyzer's
 * diagnostics can quote code), working directory the workspace. A job of at most {@link
 * SandboxSettings#smallJobFiles()} files gets the C1 compiler only (most of a small job's CPU would
 * otherwise be C2 compiling code that runs for a second); with {@link
 * SandboxSettings#classArchive()} the JVM maps this process's {@link ClassArchive} when it is
 * intact (the first job starts building it and runs without). At the timeout the whole process tree
 * is killed ({@link ProcessHandle#descendants()} then the process; in a PID namespace the kernel
 * also kills every process in it when its first process dies).
 *
 * <p>In {@link Isolation#NAMESPACES_UID} mode each workspace gets its own user and group id: the
 * workspace directory stays owned by the function ({@code 0710}, group = the job's group, so the
 * analyzer can enter it but neither list, rename nor replace anything in it), and {@code src out
 * tmp home} and the salt file are handed to the job's user. Other jobs' analyzers, being other
 * users, cannot read them.
 */
public final class ProcessSandbox implements Sandbox {

  /** Every workspace's name starts with this. */
  public static final String PREFIX = "airlock-sbx-";

  static final String SARIF_FILE = "results.sarif";
  private static final String SALT_FILE = "salt";

  private final SandboxSettings settings;
  private final Supplier<String> classpathSource;
  private final Object classpathLock = new Object();
  private String resolvedClasspath;
  private boolean classpathResolved;
  private final Isolation isolation;
  private final SecureRandom random = new SecureRandom();
  private final long pid = ProcessHandle.current().pid();
  private final long started = startMillis(ProcessHandle.current());
  private final Map<String, Live> live = new ConcurrentHashMap<>();
  private final ClassArchive archive;

  /** A workspace this process owns, with what its purge must add up. */
  private static final class Live {
    final int uid;
    volatile Process process;
    volatile PurgeReport removedEarly = new PurgeReport(0, 0, 0, true, null);

    Live(int uid) {
      this.uid = uid;
    }
  }

  /**
   * @throws IllegalStateException if the base directory does not exist, or an explicitly requested
   *     isolation is not available here
   */
  public ProcessSandbox(SandboxSettings settings) {
    this(settings, settings::classpath);
  }

  /**
   * With the analyzers' classpath from {@code classpath}, asked once, when the first analyzer runs
   * (the function's bundled analyzers jar is copied out of the deployment jar and digested only
   * then: a batch whose jobs are refused before analysis never needs it); {@code settings}'
   * classpath is not used.
   *
   * @throws IllegalStateException as {@link #ProcessSandbox(SandboxSettings)}
   */
  public ProcessSandbox(SandboxSettings settings, Supplier<String> classpath) {
    if (!Files.isDirectory(settings.baseDir())) {
      throw new IllegalStateException("sandbox base directory does not exist");
    }
    if (classpath == null) {
      throw new IllegalArgumentException("a classpath source is required");
    }
    this.classpathSource = classpath;
    this.settings = settings;
    this.isolation = Isolation.select(settings.isolation(), settings.uidBase());
    // where the analyzer runs as this process's user it could rewrite the archive: compare its
    // digest before every use there
    this.archive =
        settings.classArchive()
            ? new ClassArchive(settings.baseDir(), isolation != Isolation.NAMESPACES_UID)
            : null;
  }

  /**
   * Makes the analyzer JVM's class archive now, in this thread (a benchmark, a test, or a function
   * that has time before its first job); otherwise the first job starts it in the background and
   * runs without. Returns whether an intact archive is in place; false when archives are off.
   */
  public boolean prepareClassArchive(List<String> analyzers) {
    if (archive == null) {
      return false;
    }
    String cp = String.join(File.pathSeparator, classpath());
    return archive.build(
            settings.javaExecutable(),
            baseFlags(settings.heapMb()),
            cp,
            settings.mainClass(),
            analyzers)
        || archive.usable().isPresent();
  }

  /** The class archive the next analyzer JVM would map, if any (checked as for a job). */
  public Optional<Path> classArchive() {
    return archive == null ? Optional.empty() : archive.usable();
  }

  /** Removes this process's class archive (shutdown, tests). */
  public void closeClassArchive() {
    if (archive != null) {
      archive.close();
    }
  }

  /** The analyzer JVM's flags that do not depend on the job. */
  static List<String> baseFlags(int heapMb) {
    return List.of(
        "-Xmx" + heapMb + "m",
        "-XX:+UseSerialGC",
        "-XX:-UsePerfData",
        "-XX:+ExitOnOutOfMemoryError",
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8");
  }

  /**
   * Files up to which a small job also inlines less ({@code -XX:C1MaxInlineSize=15}, default 35): a
   * push of a few files spends about a third of its CPU in C1 compiling PMD's start-up code, and
   * smaller inlining cut a 15-file push's CPU by ~10% (2.23 → 1.99 s, by hand, 4 runs each) with no
   * difference at 150 files (4.68 s both).
   */
  static final int TINY_JOB_FILES = 100;

  /**
   * The JIT flags for a job of {@code files} files: C1 only up to {@code smallJobFiles} (a short
   * run's C2 compilations cost more CPU than they return), with less inlining up to {@link
   * #TINY_JOB_FILES}; full tiered compilation above {@code smallJobFiles} (a long run needs C2's
   * code).
   */
  static List<String> jitFlags(long files, int smallJobFiles) {
    if (smallJobFiles <= 0 || files > smallJobFiles) {
      return List.of();
    }
    return files <= TINY_JOB_FILES
        ? List.of("-XX:TieredStopAtLevel=1", "-XX:C1MaxInlineSize=15")
        : List.of("-XX:TieredStopAtLevel=1");
  }

  /** Regular files under {@code dir}, counted up to {@code limit + 1} (links not followed). */
  static long countFiles(Path dir, long limit) {
    AtomicLong n = new AtomicLong();
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && n.incrementAndGet() > limit) {
                return FileVisitResult.TERMINATE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              n.set(limit + 1);
              return FileVisitResult.TERMINATE;
            }
          });
    } catch (IOException e) {
      n.set(limit + 1);
    }
    // unknown size counts as large (full JIT): the choice that is never far off
    return Math.min(n.get(), limit + 1);
  }

  /** The class archive flag for this job, starting a build in the background when none is ready. */
  private List<String> archiveFlags(List<String> classpath, List<String> analyzers) {
    if (archive == null) {
      return List.of();
    }
    Optional<Path> a = archive.usable();
    if (a.isPresent()) {
      return List.of("-XX:SharedArchiveFile=" + a.get());
    }
    if (archive.worthBuilding()) {
      String cp = String.join(File.pathSeparator, classpath);
      List<String> flags = baseFlags(settings.heapMb());
      Thread t =
          new Thread(
              () ->
                  archive.build(
                      settings.javaExecutable(), flags, cp, settings.mainClass(), analyzers),
              "analyzer-class-archive");
      t.setDaemon(true);
      t.start();
    }
    return List.of();
  }

  @Override
  public String isolation() {
    return isolation.label();
  }

  /** The isolation mode in force. */
  public Isolation mode() {
    return isolation;
  }

  @Override
  public Workspace create(String jobId) {
    byte[] r = new byte[16];
    random.nextBytes(r);
    // '_' separates the numbers: digit groups joined by '-' could read as a card number to the
    // audit log's guard, which would then refuse the record
    String name = PREFIX + pid + "_" + started + "_" + HexFormat.of().formatHex(r);
    Path root = settings.baseDir().toAbsolutePath().normalize().resolve(name);
    // live before it exists, so a concurrent leftover scan never takes it for a leftover
    live.put(name, new Live(isolation == Isolation.NAMESPACES_UID ? pickUid() : -1));
    try {
      Files.createDirectory(
          root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Workspace ws =
          new Workspace(
              name,
              root,
              root.resolve("git"),
              root.resolve("src"),
              root.resolve("out"),
              root.resolve("tmp"),
              root.resolve("home"));
      for (Path dir :
          List.of(ws.gitDir(), ws.sourceDir(), ws.outputDir(), ws.tmpDir(), ws.homeDir())) {
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      return ws;
    } catch (IOException e) {
      live.remove(name);
      TreePurger.purge(root);
      throw new AnalysisException(Reason.SANDBOX_UNAVAILABLE);
    }
  }

  private int pickUid() {
    Set<Integer> used = new LinkedHashSet<>();
    live.values().forEach(l -> used.add(l.uid));
    for (int i = 0; i < 1000; i++) {
      int uid = settings.uidBase() + random.nextInt(settings.uidCount());
      if (!used.contains(uid)) {
        return uid;
      }
    }
    throw new AnalysisException(Reason.SANDBOX_UNAVAILABLE);
  }

  @Override
  public AnalyzerRun run(Workspace ws, AnalyzerInvocation invocation) {
    Live state = live.get(ws.name());
    if (state == null) {
      throw new AnalysisException(Reason.SANDBOX_UNAVAILABLE);
    }
    List<String> classpath = classpath();
    // The analyzers never see the git objects: only the written files.
    state.removedEarly = state.removedEarly.plus(TreePurger.purge(ws.gitDir()));
    Path salt = ws.root().resolve(SALT_FILE);
    try {
      Files.write(
          salt,
          invocation.fingerprintSalt(),
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      Files.setPosixFilePermissions(salt, PosixFilePermissions.fromString("r--------"));
      if (isolation == Isolation.NAMESPACES_UID) {
        handOver(ws, salt, state.uid);
      }
    } catch (IOException e) {
      throw new AnalysisException(Reason.SANDBOX_UNAVAILABLE);
    }

    long files = countFiles(ws.sourceDir(), settings.smallJobFiles());
    List<String> command = new ArrayList<>(isolation.wrapper(state.uid));
    command.add(settings.javaExecutable().toString());
    command.addAll(baseFlags(settings.heapMb()));
    command.addAll(jitFlags(files, settings.smallJobFiles()));
    command.addAll(archiveFlags(classpath, invocation.analyzers()));
    command.add("-XX:ErrorFile=" + ws.tmpDir().resolve("hs_err_%p.log"));
    command.add("-Djava.io.tmpdir=" + ws.tmpDir());
    command.add("-Duser.home=" + ws.homeDir());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(settings.mainClass());
    command.addAll(
        List.of(
            "--root",
            ws.sourceDir().toString(),
            "--out",
            ws.outputDir().resolve(SARIF_FILE).toString(),
            "--salt-file",
            salt.toString(),
            "--analyzers",
            String.join(",", invocation.analyzers()),
            "--max-file-bytes",
            Long.toString(invocation.maxFileBytes()),
            "--max-results",
            Integer.toString(invocation.maxResults()),
            "--max-gzip-bytes",
            Long.toString(invocation.maxGzipBytes()),
            "--scan-budget-ms",
            Long.toString(secretsScanBudgetMillis(invocation.timeout())),
            "--pmd-budget-ms",
            Long.toString(pmdBudgetMillis(invocation.timeout()))));

    ProcessBuilder pb = new ProcessBuilder(command).directory(ws.root().toFile());
    Map<String, String> env = pb.environment();
    Map<String, String> inherited = new LinkedHashMap<>();
    for (String name : settings.passThroughEnv()) {
      String v = System.getenv(name);
      if (v != null) {
        inherited.put(name, v);
      }
    }
    env.clear();
    env.putAll(inherited);
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C.UTF-8");
    env.put("TZ", "UTC");
    env.put("HOME", ws.homeDir().toString());
    env.put("TMPDIR", ws.tmpDir().toString());
    env.put("XDG_CONFIG_HOME", ws.homeDir().resolve(".config").toString());
    env.put("XDG_CACHE_HOME", ws.homeDir().resolve(".cache").toString());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));

    long start = System.nanoTime();
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new AnalysisException(Reason.SANDBOX_UNAVAILABLE);
    }
    state.process = process;
    AtomicLong out = drain(process.getInputStream(), "analyzer-stdout");
    AtomicLong err = drain(process.getErrorStream(), "analyzer-stderr");
    boolean exited;
    try {
      exited = process.waitFor(invocation.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exited = false;
    }
    int killed = exited ? 0 : killTree(process);
    long wall = (System.nanoTime() - start) / 1_000_000;
    int exit = exited ? process.exitValue() : -1;
    byte[] sarif = null;
    boolean tooLarge = false;
    if (exited) {
      try {
        sarif = readOutput(ws);
      } catch (OutputTooLarge e) {
        tooLarge = true;
      }
    }
    return new AnalyzerRun(
        exit, !exited, wall, out.get(), err.get(), killed, sarif, tooLarge, isolation.label());
  }

  /** The analyzers' classpath entries; every one must be a readable file or directory. */
  private List<String> classpath() {
    String cp;
    synchronized (classpathLock) {
      if (!classpathResolved) {
        resolvedClasspath = classpathSource.get();
        classpathResolved = true;
      }
      cp = resolvedClasspath;
    }
    if (cp == null || cp.isBlank()) {
      throw new AnalysisException(Reason.ANALYZERS_UNAVAILABLE);
    }
    List<String> entries = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) {
      if (e.isBlank()) {
        continue;
      }
      Path p = Path.of(e).toAbsolutePath().normalize();
      if (!Files.isReadable(p)) {
        throw new AnalysisException(Reason.ANALYZERS_UNAVAILABLE);
      }
      entries.add(p.toString());
    }
    if (entries.isEmpty()) {
      throw new AnalysisException(Reason.ANALYZERS_UNAVAILABLE);
    }
    return entries;
  }

  /**
   * Hands the workspace to the job's user: the root stays the function's ({@code 0710}, group = the
   * job's group), everything inside becomes the job's. Links are never followed (there are none:
   * the checkout writes none).
   */
  private static void handOver(Workspace ws, Path salt, int uid) throws IOException {
    for (Path dir : List.of(ws.sourceDir(), ws.outputDir(), ws.tmpDir(), ws.homeDir())) {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
                throws IOException {
              chown(d, uid);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
              chown(f, uid);
              return FileVisitResult.CONTINUE;
            }
          });
    }
    chown(salt, uid);
    Files.setAttribute(ws.root(), "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.getFileAttributeView(ws.root(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setPermissions(PosixFilePermissions.fromString("rwx--x---"));
  }

  private static void chown(Path p, int uid) throws IOException {
    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
  }

  /** Counts and discards a stream on a daemon thread (an escaped grandchild may hold it open). */
  private static AtomicLong drain(InputStream in, String name) {
    AtomicLong count = new AtomicLong();
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  count.addAndGet(n);
                }
              } catch (IOException e) {
                // the process is gone
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return count;
  }

  /** Kills the process and every descendant, until none is left; returns how many were killed. */
  static int killTree(Process process) {
    Set<Long> killed = new LinkedHashSet<>();
    for (int round = 0; round < 10; round++) {
      List<ProcessHandle> targets = new ArrayList<>(process.descendants().toList());
      if (process.isAlive()) {
        targets.add(0, process.toHandle());
      }
      if (targets.isEmpty()) {
        break;
      }
      for (ProcessHandle h : targets) {
        if (h.isAlive() && h.destroyForcibly()) {
          killed.add(h.pid());
        }
      }
      for (ProcessHandle h : targets) {
        try {
          h.onExit().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
          // checked again in the next round
        }
      }
    }
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return killed.size();
  }

  private static final class OutputTooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    OutputTooLarge() {
      super(null, null, false, false);
    }
  }

  /**
   * Reads {@code out/results.sarif} relative to an open handle on the workspace directory, never
   * through a link: a link planted as {@code out} or as the file is not followed.
   */
  private byte[] readOutput(Workspace ws) throws OutputTooLarge {
    try (DirectoryStream<Path> rootStream = Files.newDirectoryStream(ws.root())) {
      if (!(rootStream instanceof SecureDirectoryStream<Path> root)) {
        return readOutputByPath(ws);
      }
      BasicFileAttributes outAttrs =
          root.getFileAttributeView(
                  ws.outputDir().getFileName(),
                  java.nio.file.attribute.BasicFileAttributeView.class,
                  LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
      if (!outAttrs.isDirectory()) {
        return null;
      }
      try (SecureDirectoryStream<Path> outDir =
          root.newDirectoryStream(ws.outputDir().getFileName(), LinkOption.NOFOLLOW_LINKS)) {
        BasicFileAttributes attrs =
            outDir
                .getFileAttributeView(
                    Path.of(SARIF_FILE),
                    java.nio.file.attribute.BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
        if (!attrs.isRegularFile()) {
          return null;
        }
        if (attrs.size() > settings.maxSarifBytes()) {
          throw new OutputTooLarge();
        }
        try (SeekableByteChannel ch =
            outDir.newByteChannel(
                Path.of(SARIF_FILE), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
          return readCapped(ch);
        }
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private byte[] readOutputByPath(Workspace ws) throws OutputTooLarge, IOException {
    Path f = ws.outputDir().resolve(SARIF_FILE);
    if (!Files.isDirectory(ws.outputDir(), LinkOption.NOFOLLOW_LINKS)
        || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try (SeekableByteChannel ch =
        Files.newByteChannel(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return readCapped(ch);
    }
  }

  private byte[] readCapped(SeekableByteChannel ch) throws IOException, OutputTooLarge {
    long max = settings.maxSarifBytes();
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(64 * 1024);
    int n;
    while ((n = ch.read(b)) >= 0) {
      if (buf.size() + (long) n > max) {
        throw new OutputTooLarge();
      }
      buf.write(b.array(), 0, n);
      b.clear();
    }
    return buf.toByteArray();
  }

  @Override
  public PurgeReport purge(Workspace ws) {
    Live state = live.get(ws.name());
    PurgeReport early = state == null ? new PurgeReport(0, 0, 0, true, null) : state.removedEarly;
    if (state != null && state.process != null && state.process.isAlive()) {
      killTree(state.process);
    }
    PurgeReport report;
    try {
      report = early.plus(TreePurger.purge(ws.root()));
    } catch (RuntimeException e) {
      report =
          early.plus(
              new PurgeReport(
                  0, 0, 0, !Files.exists(ws.root(), LinkOption.NOFOLLOW_LINKS), "purge-error"));
    }
    // not live any more either way: if it is still there, the next leftover scan tries again
    live.remove(ws.name());
    return report;
  }

  @Override
  public List<Leftover> purgeLeftovers() {
    List<Leftover> removed = new ArrayList<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(settings.baseDir(), PREFIX + "*")) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (live.containsKey(name) || !isLeftover(name)) {
          continue;
        }
        removed.add(new Leftover(name, TreePurger.purge(p)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }

  /** Whether the workspace's owner (by the pid and start time in its name) is gone, or is us. */
  boolean isLeftover(String name) {
    String[] parts = name.substring(PREFIX.length()).split("_");
    if (parts.length != 3) {
      return false;
    }
    long ownerPid;
    long ownerStart;
    try {
      ownerPid = Long.parseLong(parts[0]);
      ownerStart = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    if (ownerPid == pid && ownerStart == started) {
      return true; // ours, and not live: an earlier invocation in this process was cut short
    }
    Optional<ProcessHandle> owner = ProcessHandle.of(ownerPid);
    if (owner.isEmpty() || !owner.get().isAlive()) {
      return true;
    }
    // A live process with that pid is the owner unless it provably started at another time
    // (the pid was reused after the owner died).
    Optional<Instant> ownerStarted = owner.get().info().startInstant();
    return ownerStarted.isPresent() && ownerStarted.get().toEpochMilli() != ownerStart;
  }

  private static long startMillis(ProcessHandle h) {
    return h.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /**
   * The secrets scan's total budget: 60 % of the analyzer timeout, so a repository of hostile files
   * ends the scan with its findings so far (and a note) while JVM start, PMD and writing the SARIF
   * still fit, instead of the process being killed with nothing.
   */
  static long secretsScanBudgetMillis(Duration timeout) {
    return Math.max(1, timeout.toMillis() * 6 / 10);
  }

  /**
   * When PMD must stop, counted from the start of the analyzers: 80 % of the analyzer timeout. PMD
   * has no limit of its own and one generated file under the size cap can keep it busy for minutes;
   * stopping it here keeps the secrets run and the files PMD finished (with a note) while JVM start
   * and writing the SARIF still fit, instead of the process being killed with nothing.
   */
  static long pmdBudgetMillis(Duration timeout) {
    return Math.max(1, timeout.toMillis() * 8 / 10);
  }
}
