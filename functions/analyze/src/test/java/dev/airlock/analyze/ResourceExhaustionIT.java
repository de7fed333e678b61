package dev.airlock.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Repositories built to exhaust the function rather than to escape it — a few kilobytes of objects
 * that expand to billions of paths, a tree at the file cap, paths at the kernel's limit — served by
 * the local code host over real HTTP and run through the real handler with the production file caps
 * (100,000 files, 1 MiB per file). Each must end fast with a clear, final reason (or be analyzed),
 * and the sandbox must be purged either way.
 */
@ExtendWith(LocalAwsExtension.class)
class ResourceExhaustionIT {
  private static AnalyzeTestBed bed;

  @BeforeAll
  static void start(LocalAws aws) {
    bed =
        AnalyzeTestBed.start(
            aws,
            Map.of(
                "airlock.analyze.max-files",
                100_000,
                "airlock.analyze.max-file-bytes",
                1024 * 1024,
                "airlock.analyze.clone-timeout",
                "60s"));
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  private static FixtureTree base() {
    return FixtureTree.create().file("probe.properties", "\n").file("README.md", "# fine\n");
  }

  /** The kinds of leaf a git bomb can fan out to. */
  private enum Leaf {
    FILE,
    EMPTY_DIRECTORY,
    SUBMODULE
  }

  /**
   * A git bomb: {@code levels} trees, each naming the one below {@code fanOut} times, so a few KB
   * of objects hold {@code fanOut^levels} leaves. Written straight into the host's repository
   * (FixtureTree would expand it).
   */
  private static Repo bomb(Leaf leaf, int levels, int fanOut) throws IOException {
    String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
    bed.repos.create(owner, "bomb", base());
    ObjectId top;
    try (FileRepository repo = new FileRepository(bed.repos.directoryOf(owner, "bomb").toFile());
        ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId child;
      FileMode mode;
      switch (leaf) {
        case FILE -> {
          child = inserter.insert(Constants.OBJ_BLOB, "lol\n".getBytes(StandardCharsets.UTF_8));
          mode = FileMode.REGULAR_FILE;
        }
        case EMPTY_DIRECTORY -> {
          child = inserter.insert(new TreeFormatter());
          mode = FileMode.TREE;
        }
        default -> {
          child = ObjectId.fromString("1234567890abcdef1234567890abcdef12345678");
          mode = FileMode.GITLINK;
        }
      }
      for (int level = 0; level < levels; level++) {
        TreeFormatter tree = new TreeFormatter();
        for (int i = 0; i < fanOut; i++) {
          tree.append("n" + i, mode, child);
        }
        child = inserter.insert(tree);
        mode = FileMode.TREE;
      }
      top = child;
      inserter.flush();
    }
    String sha =
        bed.repos.commit(
            owner, "bomb", base().entry(List.of("bomb"), FileMode.TREE, top), "a git bomb");
    long installation = 6_000_000_000L + (System.nanoTime() & 0xffffff);
    bed.host.registerInstallation(installation, owner, List.of(owner + "/bomb"));
    return new Repo(owner, "bomb", sha, installation);
  }

  @Test
  void handleRequest_shouldRefuseTooManyFilesFast_whenAGitBombFansOutToTenBillionFiles()
      throws IOException {
    HostileRun r = analyze(bomb(Leaf.FILE, 10, 10));

    assertRefused(r, Reason.TOO_MANY_FILES);
  }

  @Test
  void handleRequest_shouldRefuseTooManyFilesFast_whenAGitBombFansOutToEmptyDirectories()
      throws IOException {
    // not one file: only directories, which the file cap alone does not count
    HostileRun r = analyze(bomb(Leaf.EMPTY_DIRECTORY, 10, 10));

    assertRefused(r, Reason.TOO_MANY_FILES);
  }

  @Test
  void handleRequest_shouldRefuseTooManyFilesFast_whenAGitBombFansOutToSubmodules()
      throws IOException {
    // gitlinks are skipped rather than written, but ten billion of them are still walked
    HostileRun r = analyze(bomb(Leaf.SUBMODULE, 10, 10));

    assertRefused(r, Reason.TOO_MANY_FILES);
  }

  @Test
  void handleRequest_shouldAnalyzeEveryFile_whenTheTreeHoldsExactlyTheFileCap() {
    // 100,000 entries naming one blob: the pack stays small, the checkout writes them all
    HostileRun r = analyze(bed.newRepository(manyFiles(100_000)));

    assertEquals(List.of(), r.failures(), "run " + r.run());
    assertEquals(RunRecord.Status.COMPLETED, r.run().status(), "run " + r.run());
    @SuppressWarnings("unchecked")
    Map<String, Object> files = (Map<String, Object>) r.run().summary().get("files");
    assertEquals(100_000L, files.get("written"), "summary " + r.run().summary());
    r.assertPurged(bed, "completed");
  }

  @Test
  void handleRequest_shouldRefuseTooManyFiles_whenTheTreeHoldsOneFileOverTheCap() {
    HostileRun r = analyze(bed.newRepository(manyFiles(100_001)));

    assertRefused(r, Reason.TOO_MANY_FILES);
  }

  /** {@code total} files in all, spread over directories of 1,000 (as generated code might be). */
  private static FixtureTree manyFiles(int total) {
    FixtureTree t = base();
    byte[] content = "x\n".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < total - 2; i++) {
      t.file("gen/d" + (i / 1000) + "/f" + i + ".txt", content);
    }
    return t;
  }

  @Test
  void
      handleRequest_shouldRefusePathTooLong_whenAPathWithinTheCapExceedsTheKernelLimitInTheSandbox() {
    // 16 names of 255 bytes: 4,095 bytes, under the 4,096-byte cap on its own, but the kernel
    // limits the whole path (PATH_MAX, 4,096 with its NUL) and the sandbox directory comes first;
    // the commit can never be written, which is final, not a fetch failure to retry
    List<String> segments = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      segments.add(Character.toString('a' + i).repeat(255));
    }
    HostileRun r =
        analyze(
            bed.newRepository(
                base()
                    .entry(segments, FileMode.REGULAR_FILE, "x".getBytes(StandardCharsets.UTF_8))));

    assertRefused(r, Reason.PATH_TOO_LONG);
  }

  @Test
  void handleRequest_shouldWriteAndAnalyzeTheFile_whenItsNameIsExactly255Bytes() {
    // NAME_MAX: the longest name a Linux file system takes; two-byte characters too
    HostileRun r =
        analyze(
            bed.newRepository(
                base()
                    .file("n".repeat(251) + ".txt", "x\n")
                    .file("\u00e9".repeat(125) + "12345", "y\n")));

    assertEquals(List.of(), r.failures(), "run " + r.run());
    assertEquals(RunRecord.Status.COMPLETED, r.run().status(), "run " + r.run());
    @SuppressWarnings("unchecked")
    Map<String, Object> files = (Map<String, Object>) r.run().summary().get("files");
    assertEquals(4L, files.get("written"), "summary " + r.run().summary());
    r.assertPurged(bed, "completed");
  }

  private static HostileRun analyze(Repo repo) {
    return HostileRun.analyze(bed, repo);
  }

  private static void assertRefused(HostileRun r, Reason reason) {
    r.assertRefused(bed, reason, Duration.ofSeconds(45));
  }
}
