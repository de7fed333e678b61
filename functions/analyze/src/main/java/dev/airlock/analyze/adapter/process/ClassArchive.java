package dev.airlock.analyze.adapter.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A class-data-sharing archive (AppCDS, JDK 13+ dynamic archive) for the analyzer JVM: the classes
 * an analyzer run loads (PMD, Saxon, the rulesets' XML stack), pre-parsed and verified, mapped by
 * every later analyzer JVM instead of loaded from the jar. It saves about a second of CPU per
 * analyzer process, which is most of what a small push costs beyond the JVM itself.
 *
 * <p>Trust: an archive is code the analyzer JVM maps without re-verifying it, so it is only ever
 * made by this (trusted) process, from a training run of the analyzer over the synthetic {@link
 * TrainingCorpus} (never tenant code), with the JDK and class path that later run it (the JVM
 * refuses an archive made by another JDK or for another class path). It lives in a directory
 * created fresh with a random name ({@code <base>/airlock-cds-<128 random bits>}, mode {@code
 * 0711}: the job's user may read the file by its name, never list, create, rename or replace), as
 * {@value #FILE} mode {@code 0444}, owned by this process's user. Before every use {@link #usable}
 * checks that the file is still exactly the one made: same owner, no write bit for anyone but the
 * owner, not a link, same size, modification time and inode, and — where the analyzer runs as this
 * process's own user and so could have rewritten it ({@code none}, {@code user-namespace}) — the
 * same SHA-256. A file that fails any check is deleted and rebuilt; the job in hand runs without an
 * archive.
 *
 * <p>Why the checks rather than trusting the JVM: HotSpot maps a dynamic archive after checking its
 * header only; a truncated archive with an intact header crashes it (a fatal error, exit 134). A
 * failed check therefore never reaches a JVM, and analysis never depends on the archive: without
 * it, the analyzer starts as before, a little slower.
 */
public final class ClassArchive {

  /** The archive's file name inside its directory. */
  public static final String FILE = "analyzer.jsa";

  /** Every archive directory's name starts with this. */
  public static final String PREFIX = "airlock-cds-";

  private static final long TRAINING_TIMEOUT_SECONDS = 300;

  /**
   * Builds that may fail before this process stops trying (a misconfigured analyzer class path).
   */
  static final int MAX_FAILED_BUILDS = 2;

  private final Path baseDir;
  private final boolean checkDigest;
  private final SecureRandom random = new SecureRandom();
  private final AtomicBoolean building = new AtomicBoolean();
  private final Object buildLock = new Object();
  private final AtomicInteger failedBuilds = new AtomicInteger();
  private volatile Made made;

  /** What was made: where, and what it must still look like. */
  private record Made(
      Path dir,
      Path file,
      long size,
      FileTime modified,
      Object fileKey,
      Object owner,
      byte[] sha) {}

  /**
   * @param baseDir where the archive directory is created (the sandbox base directory)
   * @param checkDigest whether to compare the file's SHA-256 before every use (true wherever the
   *     analyzer runs as this process's user)
   */
  public ClassArchive(Path baseDir, boolean checkDigest) {
    this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
    this.checkDigest = checkDigest;
  }

  /**
   * The archive, if one was made and is still exactly as made. A file that changed is removed (then
   * {@link #build} makes a new one); nothing throws.
   */
  public Optional<Path> usable() {
    Made m = made;
    if (m == null) {
      return Optional.empty();
    }
    if (intact(m)) {
      return Optional.of(m.file());
    }
    discard(m);
    return Optional.empty();
  }

  /**
   * Whether a job should start a build: none is running and fewer than {@value #MAX_FAILED_BUILDS}
   * have failed (a build that cannot succeed here is not retried for every job).
   */
  public boolean worthBuilding() {
    return !building.get() && failedBuilds.get() < MAX_FAILED_BUILDS;
  }

  /**
   * Makes the archive by running {@code trainingCommand} (the analyzer over the training corpus)
   * with {@code -XX:ArchiveClassesAtExit}, then proves the JVM accepts it ({@code -Xshare:on}). One
   * build runs at a time: a second caller waits for it, then uses its archive.
   *
   * @param java the JDK's launcher, the one that will map the archive
   * @param jvmFlags the analyzer JVM's flags (heap, GC, ...), without class path
   * @param classpath the analyzer class path, exactly as the analyzer JVM will get it
   * @param mainClass the analyzer entry point
   * @param analyzers the analyzer names to train ({@code --analyzers})
   * @return whether a verified archive is now in place
   */
  public boolean build(
      Path java,
      List<String> jvmFlags,
      String classpath,
      String mainClass,
      List<String> analyzers) {
    synchronized (buildLock) {
      building.set(true);
      try {
        return buildLocked(java, jvmFlags, classpath, mainClass, analyzers);
      } finally {
        building.set(false);
      }
    }
  }

  private boolean buildLocked(
      Path java,
      List<String> jvmFlags,
      String classpath,
      String mainClass,
      List<String> analyzers) {
    Path dir = null;
    boolean ok = false;
    try {
      Made old = made;
      if (old != null) {
        if (intact(old)) {
          ok = true;
          return true;
        }
        discard(old);
      }
      byte[] r = new byte[16];
      random.nextBytes(r);
      dir = baseDir.toAbsolutePath().normalize().resolve(PREFIX + HexFormat.of().formatHex(r));
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path train = Files.createDirectory(dir.resolve("train"));
      Path src = Files.createDirectory(train.resolve("src"));
      Path out = Files.createDirectory(train.resolve("out"));
      Path tmp = Files.createDirectory(train.resolve("tmp"));
      TrainingCorpus.write(src);
      Path salt = train.resolve("salt");
      byte[] saltBytes = new byte[32];
      random.nextBytes(saltBytes);
      Files.write(salt, saltBytes);
      Path trained = train.resolve("trained.jsa");

      List<String> cmd = new ArrayList<>();
      cmd.add(java.toString());
      cmd.addAll(jvmFlags);
      cmd.add("-XX:ArchiveClassesAtExit=" + trained);
      cmd.add("-Djava.io.tmpdir=" + tmp);
      cmd.add("-cp");
      cmd.add(classpath);
      cmd.add(mainClass);
      cmd.addAll(
          List.of(
              "--root",
              src.toString(),
              "--out",
              out.resolve("results.sarif").toString(),
              "--salt-file",
              salt.toString(),
              "--analyzers",
              String.join(",", analyzers)));
      // the analyzer exits 0 for a clean run (also when it finds things in the corpus)
      if (!runQuietly(cmd, train) || !Files.isRegularFile(trained, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      // the JVM must map it as is: -Xshare:on fails instead of silently running without it
      List<String> probe = new ArrayList<>();
      probe.add(java.toString());
      probe.addAll(jvmFlags);
      probe.add("-Xshare:on");
      probe.add("-XX:SharedArchiveFile=" + trained);
      probe.add("-cp");
      probe.add(classpath);
      probe.add("-version");
      if (!runQuietly(probe, train)) {
        return false;
      }
      Path file = dir.resolve(FILE);
      Files.move(trained, file, StandardCopyOption.ATOMIC_MOVE);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
      TreePurger.purge(train);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
      PosixFileAttributes a =
          Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      made =
          new Made(dir, file, a.size(), a.lastModifiedTime(), a.fileKey(), a.owner(), sha256(file));
      dir = null;
      ok = true;
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    } finally {
      if (dir != null) {
        TreePurger.purge(dir);
      }
      if (!ok) {
        failedBuilds.incrementAndGet();
      }
    }
  }

  /** Removes the archive and its directory (the function is shutting down, or a test). */
  public void close() {
    Made m = made;
    if (m != null) {
      discard(m);
    }
  }

  private void discard(Made m) {
    synchronized (this) {
      if (made == m) {
        made = null;
      }
    }
    TreePurger.purge(m.dir());
  }

  private boolean intact(Made m) {
    try {
      PosixFileAttributes d =
          Files.readAttributes(m.dir(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      PosixFileAttributes a =
          Files.readAttributes(m.file(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!d.isDirectory()
          || !a.isRegularFile()
          || !m.owner().equals(d.owner())
          || !m.owner().equals(a.owner())
          || writableByOthers(d.permissions())
          || writableByOthers(a.permissions())
          || a.size() != m.size()
          || !a.lastModifiedTime().equals(m.modified())
          || !Objects.equals(a.fileKey(), m.fileKey())) {
        return false;
      }
      return !checkDigest || Arrays.equals(sha256(m.file()), m.sha());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean writableByOthers(Set<PosixFilePermission> p) {
    return p.contains(PosixFilePermission.GROUP_WRITE)
        || p.contains(PosixFilePermission.OTHERS_WRITE);
  }

  private static byte[] sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) >= 0) {
        md.update(buf, 0, n);
      }
    }
    return md.digest();
  }

  /**
   * Runs a trusted JVM (this process's user, cleared environment, output discarded); true if it
   * exited 0 in time.
   */
  private static boolean runQuietly(List<String> command, Path workDir) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C.UTF-8");
    env.put("TZ", "UTC");
    env.put("HOME", workDir.toString());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    try {
      if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        ProcessSandbox.killTree(p);
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ProcessSandbox.killTree(p);
      return false;
    }
    return p.exitValue() == 0;
  }
}
