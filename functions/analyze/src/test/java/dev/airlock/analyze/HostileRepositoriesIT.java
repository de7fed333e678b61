package dev.airlock.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.analyze.AnalyzeTestBed.Repo;
import dev.airlock.analyze.domain.Reason;
import dev.airlock.analyze.domain.RunRecord;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.emulators.codehost.FixtureTree;
import dev.airlock.testkit.LocalAws;
import dev.airlock.testkit.LocalAwsExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Repositories an attacker could push, each of which must fail safe: refused with a clear reason
 * before anything is written, or analyzed with the dangerous entry skipped — and in every case the
 * token revoked, the sandbox purged and a receipt written.
 */
@ExtendWith(LocalAwsExtension.class)
class HostileRepositoriesIT {
  private static AnalyzeTestBed bed;

  @BeforeAll
  static void start(LocalAws aws) {
    bed = AnalyzeTestBed.start(aws);
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  private static final String OTHER_COMMIT = "1234567890abcdef1234567890abcdef12345678";

  private static FixtureTree base() {
    return FixtureTree.create().file("probe.properties", "\n").file("README.md", "# fine\n");
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "a .git/hooks path",
            (Function<FixtureTree, FixtureTree>)
                t -> t.file(".git/hooks/post-checkout", "#!/bin/sh\ntouch /tmp/pwned\n"),
            Reason.GIT_DIRECTORY_PATH),
        Arguments.of(
            "a .GIT/config path",
            (Function<FixtureTree, FixtureTree>)
                t -> t.file(".GIT/config", "[core]\n\thooksPath = /tmp\n"),
            Reason.GIT_DIRECTORY_PATH),
        Arguments.of(
            "an 8.3 git~1 path",
            (Function<FixtureTree, FixtureTree>) t -> t.file("GIT~1/hooks/pre-commit", "x"),
            Reason.GIT_DIRECTORY_PATH),
        Arguments.of(
            "a file named ..",
            (Function<FixtureTree, FixtureTree>)
                t ->
                    t.entry(
                        List.of("..", "evil.txt"),
                        FileMode.REGULAR_FILE,
                        "x".getBytes(StandardCharsets.UTF_8)),
            Reason.UNSAFE_PATH),
        Arguments.of(
            "a .. inside a path",
            (Function<FixtureTree, FixtureTree>)
                t ->
                    t.entry(
                        List.of("a", "..", "..", "etc", "cron.d"),
                        FileMode.REGULAR_FILE,
                        "x".getBytes(StandardCharsets.UTF_8)),
            Reason.UNSAFE_PATH),
        Arguments.of(
            "a backslash traversal name",
            (Function<FixtureTree, FixtureTree>)
                t ->
                    t.entry(
                        List.of("..\\..\\evil.txt"),
                        FileMode.REGULAR_FILE,
                        "x".getBytes(StandardCharsets.UTF_8)),
            Reason.UNSAFE_PATH),
        Arguments.of(
            "a slash inside one entry name",
            (Function<FixtureTree, FixtureTree>)
                t ->
                    t.entry(
                        List.of("x/../../y"),
                        FileMode.REGULAR_FILE,
                        "x".getBytes(StandardCharsets.UTF_8)),
            Reason.UNSAFE_PATH),
        Arguments.of(
            "a submodule at a ../ path",
            (Function<FixtureTree, FixtureTree>)
                t -> t.submodule("../escape", "https://example.invalid/x.git", OTHER_COMMIT),
            Reason.UNSAFE_PATH),
        Arguments.of(
            "names that collide case-insensitively",
            (Function<FixtureTree, FixtureTree>)
                t -> t.file("Docs/Guide.md", "a").file("docs/guide.md", "b"),
            Reason.CASE_COLLISION),
        Arguments.of(
            "A.java beside a.java (one file on a case-insensitive file system)",
            (Function<FixtureTree, FixtureTree>)
                t -> t.file("src/A.java", "class A {}\n").file("src/a.java", "class a {}\n"),
            Reason.CASE_COLLISION),
        Arguments.of(
            "a ../x entry at the root",
            (Function<FixtureTree, FixtureTree>)
                t ->
                    t.entry(
                        List.of("..", "x"),
                        FileMode.REGULAR_FILE,
                        "x".getBytes(StandardCharsets.UTF_8)),
            Reason.UNSAFE_PATH),
        Arguments.of(
            "a .git/config entry",
            (Function<FixtureTree, FixtureTree>)
                t -> t.file(".git/config", "[core]\n\tfsmonitor = touch /tmp/pwned\n"),
            Reason.GIT_DIRECTORY_PATH),
        Arguments.of(
            "a .git directory with a trailing space",
            (Function<FixtureTree, FixtureTree>) t -> t.file(".git /config", "[core]\n"),
            Reason.GIT_DIRECTORY_PATH),
        Arguments.of(
            "a .git directory with a trailing dot",
            (Function<FixtureTree, FixtureTree>) t -> t.file("sub/.git./hooks/post-merge", "x"),
            Reason.GIT_DIRECTORY_PATH),
        Arguments.of(
            "a .git spelt with an HFS+ ignorable character",
            (Function<FixtureTree, FixtureTree>) t -> t.file(".g\u200cit/config", "x"),
            Reason.GIT_DIRECTORY_PATH),
        Arguments.of(
            "a .git NTFS alternate stream",
            (Function<FixtureTree, FixtureTree>) t -> t.file(".git::$INDEX_ALLOCATION/config", "x"),
            Reason.GIT_DIRECTORY_PATH),
        Arguments.of(
            "a newline in a name",
            (Function<FixtureTree, FixtureTree>) t -> t.file("a\nb.txt", "x"),
            Reason.UNSAFE_PATH),
        Arguments.of(
            "names equal after Unicode normalization",
            (Function<FixtureTree, FixtureTree>)
                t -> t.file("caf\u00e9.txt", "a").file("cafe\u0301.txt", "b"),
            Reason.CASE_COLLISION),
        Arguments.of(
            "a 300-byte name",
            (Function<FixtureTree, FixtureTree>) t -> t.file("n".repeat(300), "x"),
            Reason.PATH_TOO_LONG),
        Arguments.of(
            "deep nesting",
            (Function<FixtureTree, FixtureTree>) t -> t.file("d/".repeat(100) + "deep.txt", "x"),
            Reason.PATH_TOO_DEEP),
        Arguments.of(
            "more files than the cap",
            (Function<FixtureTree, FixtureTree>) HostileRepositoriesIT::manyFiles,
            Reason.TOO_MANY_FILES));
  }

  private static FixtureTree manyFiles(FixtureTree t) {
    for (int i = 0; i < 201; i++) {
      t.file("many/f" + i + ".txt", "x");
    }
    return t;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void handleRequest_shouldRefuseWithAClearReasonAndStillPurge_whenTheTreeIsHostile(
      String what, Function<FixtureTree, FixtureTree> hostile, Reason expected) {
    HostileRun r = analyze(hostile.apply(base()));

    assertEquals(
        List.of(), r.failures(), "a refusal is final: the message is acknowledged; " + r.run());
    assertEquals(RunRecord.Status.REFUSED, r.run().status());
    assertEquals(expected, r.run().reason());
    assertNull(r.run().resultKey());
    assertPurgedAndRevoked(r, "refused", expected.code());
    @SuppressWarnings("unchecked")
    Map<String, Object> checkout = (Map<String, Object>) r.receipt().get("checkout");
    assertEquals(0L, checkout.get("files"), "refused before anything was written");
    AuditRecord refused = bed.audits("analysis.refused", r.job().jobId()).get(0);
    assertEquals(expected.code(), refused.reason());
  }

  @Test
  void handleRequest_shouldRefuseAndStillPurge_whenTheCommitIsNotInTheRepository() {
    Repo real = bed.newRepository(base());
    Repo missing =
        new Repo(
            real.owner(),
            real.name(),
            "0123456789abcdef0123456789abcdef01234567",
            real.installationId());

    HostileRun r = analyze(missing);

    assertEquals(List.of(), r.failures(), "a missing commit is final; " + r.run());
    assertEquals(RunRecord.Status.REFUSED, r.run().status(), "run " + r.run());
    assertEquals(Reason.COMMIT_NOT_FOUND, r.run().reason());
    assertPurgedAndRevoked(r, "refused", Reason.COMMIT_NOT_FOUND.code());
  }

  @Test
  void handleRequest_shouldWriteRawBlobsAndRunNoFilter_whenTheTreeAsksForFiltersAndLfs() {
    // .gitattributes can name filter drivers (and LFS); only raw blob bytes are ever written, so
    // no driver, hook or LFS download runs: the pointer file is analyzed as the text it is.
    Path marker = bed.sandboxBase.resolveSibling("filter-ran-" + UUID.randomUUID());
    HostileRun r =
        analyze(
            base()
                .file(
                    ".gitattributes",
                    "* filter=evil diff=evil merge=evil\n*.bin filter=lfs diff=lfs merge=lfs -text\n")
                .file(
                    "data.bin",
                    "version https://git-lfs.github.com/spec/v1\n"
                        + "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
                        + "size 12345\n")
                .file(".lfsconfig", "[lfs]\n\turl = http://127.0.0.1:1/evil\n")
                .file(".gitconfig", "[filter \"evil\"]\n\tsmudge = touch " + marker + "\n"));

    assertEquals(List.of(), r.failures());
    assertEquals(RunRecord.Status.COMPLETED, r.run().status(), "run " + r.run());
    assertFalse(Files.exists(marker), "no filter driver ran");
    @SuppressWarnings("unchecked")
    Map<String, Object> checkout = (Map<String, Object>) r.receipt().get("checkout");
    assertEquals(6L, checkout.get("files"), "every file written as its blob: " + checkout);
    assertPurgedAndRevoked(r, "completed", null);
  }

  @Test
  void handleRequest_shouldFailSafeAndRetry_whenTheHostCannotEvenServeTheCorruptTree() {
    // a blob labelled as a tree: the host's pack writer dies mid-stream, which looks exactly like
    // a dropped connection, so the job is retried (and reaches the DLQ after maxReceiveCount)
    HostileRun r =
        analyze(
            base()
                .entry(
                    List.of("fake-dir"),
                    FileMode.TREE,
                    "not a tree".getBytes(StandardCharsets.UTF_8)));

    assertEquals(List.of(r.messageId()), r.failures());
    assertEquals(RunRecord.Status.FAILED, r.run().status());
    assertEquals(Reason.FETCH_FAILED, r.run().reason());
    assertPurgedAndRevoked(r, "failed", Reason.FETCH_FAILED.code());
  }

  static Stream<Arguments> skipped() {
    return Stream.of(
        Arguments.of(
            "a symlink to /etc/passwd",
            (Function<FixtureTree, FixtureTree>) t -> t.symlink("passwd", "/etc/passwd"),
            "symlinksSkipped"),
        Arguments.of(
            "a symlink to another job's sandbox",
            (Function<FixtureTree, FixtureTree>)
                t ->
                    t.symlink(
                        "neighbour",
                        bed.sandboxBase.resolve("airlock-sbx-1_1_00").resolve("src").toString()),
            "symlinksSkipped"),
        Arguments.of(
            "a submodule with a file:// URL",
            (Function<FixtureTree, FixtureTree>)
                t -> t.submodule("lib", "file:///etc", OTHER_COMMIT),
            "submodulesSkipped"),
        Arguments.of(
            "a submodule named ../../hooks",
            (Function<FixtureTree, FixtureTree>)
                t ->
                    t.file(
                            ".gitmodules",
                            "[submodule \"../../hooks\"]\n\tpath = lib\n\turl = https://example.invalid/x.git\n")
                        .gitlink("lib", OTHER_COMMIT),
            "submodulesSkipped"),
        Arguments.of(
            "a relative symlink climbing out of the checkout",
            (Function<FixtureTree, FixtureTree>)
                t -> t.symlink("shadow", "../../../../../../../../etc/shadow"),
            "symlinksSkipped"),
        Arguments.of(
            "a symlink to /proc/self/environ",
            (Function<FixtureTree, FixtureTree>) t -> t.symlink("env", "/proc/self/environ"),
            "symlinksSkipped"),
        Arguments.of(
            "a symlinked directory",
            (Function<FixtureTree, FixtureTree>) t -> t.symlink("etc", "/etc"),
            "symlinksSkipped"),
        Arguments.of(
            "a file over the per-file cap",
            (Function<FixtureTree, FixtureTree>) t -> t.file("big.txt", new byte[100 * 1024]),
            "skippedTooLarge"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("skipped")
  void handleRequest_shouldSkipTheEntryAndAnalyzeTheRest_whenItCannotBeWrittenSafely(
      String what, Function<FixtureTree, FixtureTree> hostile, String counter) {
    int logBefore = bed.host.requestLog().size();
    HostileRun r = analyze(hostile.apply(base()));

    assertEquals(List.of(), r.failures());
    assertEquals(RunRecord.Status.COMPLETED, r.run().status(), "run " + r.run());
    @SuppressWarnings("unchecked")
    Map<String, Object> files = (Map<String, Object>) r.run().summary().get("files");
    assertEquals(1L, files.get(counter), "summary " + r.run().summary());
    byte[] sarif = bed.read(r.job().accountId(), "result", r.run().resultKey()).orElseThrow();
    String text = new String(sarif, StandardCharsets.UTF_8);
    assertTrue(text.contains("probe/symlinks/0"), "no link exists in the sandbox: " + text);
    assertFalse(text.contains("root:x:0:0"));
    assertPurgedAndRevoked(r, "completed", null);
    // nothing but this repository was fetched (no submodule, no other host)
    assertTrue(
        bed.host.requestLog().subList(logBefore, bed.host.requestLog().size()).stream()
            .filter(e -> !e.path().startsWith("/api/v3/"))
            .allMatch(e -> e.path().startsWith("/" + r.repo().fullName() + ".git/")));
  }

  @Test
  void handleRequest_shouldRefuseARepositoryOverTheSizeCap_whenItHoldsA2GibSparseFile()
      throws IOException {
    // given: a 2 GiB file of zeros (a sparse file on disk: a few MiB as a pack)
    String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
    bed.repos.create(owner, "huge", base());
    ObjectId blob;
    try (FileRepository repo = new FileRepository(bed.repos.directoryOf(owner, "huge").toFile());
        PackInserter inserter = ((ObjectDirectory) repo.getObjectDatabase()).newPackInserter()) {
      blob = inserter.insert(Constants.OBJ_BLOB, 2L << 30, zeros(2L << 30));
      inserter.flush();
    }
    String sha =
        bed.repos.commit(
            owner,
            "huge",
            base().entry(List.of("disk.img"), FileMode.REGULAR_FILE, blob),
            "add a disk image");
    long installation = 7_000_000_000L + (System.nanoTime() & 0xffffff);
    bed.host.registerInstallation(installation, owner, List.of(owner + "/huge"));

    HostileRun r = analyze(new Repo(owner, "huge", sha, installation));

    assertEquals(RunRecord.Status.REFUSED, r.run().status(), "run " + r.run());
    assertEquals(Reason.REPOSITORY_TOO_LARGE, r.run().reason());
    assertPurgedAndRevoked(r, "refused", Reason.REPOSITORY_TOO_LARGE.code());
    @SuppressWarnings("unchecked")
    List<Object> caps = (List<Object>) r.run().summary().get("capsHit");
    assertEquals(List.of("repository-too-large"), caps);
  }

  private static InputStream zeros(long length) {
    return new InputStream() {
      long left = length;

      @Override
      public int read() {
        if (left <= 0) {
          return -1;
        }
        left--;
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
      }
    };
  }

  private static HostileRun analyze(FixtureTree tree) {
    return analyze(bed.newRepository(tree));
  }

  private static HostileRun analyze(Repo repo) {
    return HostileRun.analyze(bed, repo);
  }

  private static void assertPurgedAndRevoked(HostileRun r, String outcome, String reason) {
    assertEquals(List.of(), bed.sandboxesLeft(), "sandbox purged");
    assertEquals(true, r.receipt().get("verifiedAbsent"));
    assertEquals(outcome, r.receipt().get("outcome"));
    assertEquals(reason, r.receipt().get("reason"));
    @SuppressWarnings("unchecked")
    Map<String, Object> token = (Map<String, Object>) r.receipt().get("token");
    assertEquals(true, token.get("minted"));
    assertEquals("revoked", token.get("revocation"));
    assertEquals(r.before().issued() + 1, r.after().issued());
    assertEquals(r.before().revoked() + 1, r.after().revoked());
    List<AuditRecord> purge = bed.audits("sandbox.purge", r.job().jobId());
    assertEquals(1, purge.size());
    assertEquals("succeeded", purge.get(0).outcome());
  }
}
