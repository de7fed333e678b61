package dev.airlock.emulators.codehost;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixture repositories on disk, read back with JGit; no sockets. */
class FixtureRepositoriesTest {

  private static final String SOME_COMMIT = "0123456789abcdef0123456789abcdef01234567";

  @TempDir Path temp;

  @Test
  void create_shouldCommitFilesOnMainOfBareRepository_whenRepositoryIsNew() throws Exception {
    FixtureRepositories fixtures = new FixtureRepositories(temp);

    String sha = fixtures.create("acme", "widgets", Map.of("a/b.txt", "hello".getBytes(UTF_8)));

    assertEquals(temp.resolve("acme/widgets.git"), fixtures.directoryOf("acme", "widgets"));
    try (Repository repo = open(fixtures, "acme", "widgets")) {
      assertTrue(repo.isBare());
      assertEquals("refs/heads/main", repo.getFullBranch());
      assertEquals(sha, repo.resolve("HEAD").name());
      List<Entry> entries = entries(repo, sha, true);
      assertEquals(List.of(new Entry("a/b.txt", FileMode.REGULAR_FILE)), entries);
      assertArrayEquals("hello".getBytes(UTF_8), blob(repo, sha, "a/b.txt"));
    }
  }

  @Test
  void commit_shouldStackOnTip_whenRepositoryHasCommits() throws Exception {
    FixtureRepositories fixtures = new FixtureRepositories(temp);
    String first = fixtures.create("acme", "widgets", Map.of("v", "1".getBytes(UTF_8)));

    String second = fixtures.commit("acme", "widgets", Map.of("v", "2".getBytes(UTF_8)));

    assertEquals(second, fixtures.tip("acme", "widgets").orElseThrow());
    try (Repository repo = open(fixtures, "acme", "widgets");
        RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(second));
      assertEquals(first, commit.getParent(0).name());
      assertTrue(
          commit.getCommitTime() > walk.parseCommit(ObjectId.fromString(first)).getCommitTime());
    }
  }

  @Test
  void create_shouldYieldSameSha_whenContentIsTheSame() {
    Map<String, byte[]> files = Map.of("x", "same".getBytes(UTF_8), "y/z", "also".getBytes(UTF_8));

    String one = new FixtureRepositories(temp.resolve("one")).create("acme", "w", files);
    String two = new FixtureRepositories(temp.resolve("two")).create("acme", "w", files);

    assertEquals(one, two);
    assertNotEquals(
        one,
        new FixtureRepositories(temp.resolve("three"))
            .create("acme", "w", Map.of("x", "other".getBytes(UTF_8))));
  }

  @Test
  void create_shouldRefuse_whenRepositoryExists() {
    FixtureRepositories fixtures = new FixtureRepositories(temp);
    fixtures.create("acme", "widgets", Map.of("a", new byte[] {1}));

    assertThrows(
        IllegalStateException.class,
        () -> fixtures.create("acme", "widgets", Map.of("a", new byte[] {2})));
  }

  @Test
  void directoryOf_shouldRefuse_whenOwnerOrNameCouldLeaveRoot() {
    FixtureRepositories fixtures = new FixtureRepositories(temp);

    for (String[] bad :
        new String[][] {
          {"..", "x"}, {"acme", ".."}, {"a/b", "x"}, {"acme", ""}, {"acme", "x y"}, {"/etc", "x"}
        }) {
      assertThrows(
          IllegalArgumentException.class,
          () -> fixtures.directoryOf(bad[0], bad[1]),
          String.join("/", bad));
    }
  }

  @Test
  void commit_shouldWriteHostileEntriesVerbatim_whenTreeBuiltLowLevel() throws Exception {
    FixtureRepositories fixtures = new FixtureRepositories(temp);
    FixtureTree tree =
        FixtureTree.create()
            .file("../escape.txt", "up")
            .executable(".git/hooks/post-checkout", "#!/bin/sh\necho pwned\n".getBytes(UTF_8))
            .file("A.txt", "upper")
            .file("a.txt", "lower")
            .symlink("passwd", "/etc/passwd")
            .submodule("vendor/lib", "file:///etc", SOME_COMMIT)
            .entry(List.of("dup"), FileMode.REGULAR_FILE, "one".getBytes(UTF_8))
            .entry(List.of("dup"), FileMode.REGULAR_FILE, "two".getBytes(UTF_8))
            .entry(List.of("with/slash"), FileMode.REGULAR_FILE, "x".getBytes(UTF_8))
            .entry(List.of(".GIT", "config"), FileMode.REGULAR_FILE, "[core]\n".getBytes(UTF_8));

    String sha = fixtures.commit("evil", "repo", tree, "hostile");

    try (Repository repo = open(fixtures, "evil", "repo")) {
      List<Entry> entries = entries(repo, sha, true);
      assertTrue(
          entries.contains(new Entry("../escape.txt", FileMode.REGULAR_FILE)), entries.toString());
      assertTrue(entries.contains(new Entry(".git/hooks/post-checkout", FileMode.EXECUTABLE_FILE)));
      assertTrue(entries.contains(new Entry(".GIT/config", FileMode.REGULAR_FILE)));
      assertTrue(entries.contains(new Entry("A.txt", FileMode.REGULAR_FILE)));
      assertTrue(entries.contains(new Entry("a.txt", FileMode.REGULAR_FILE)));
      assertTrue(entries.contains(new Entry("passwd", FileMode.SYMLINK)));
      assertTrue(entries.contains(new Entry("vendor/lib", FileMode.GITLINK)));
      assertTrue(entries.contains(new Entry("with/slash", FileMode.REGULAR_FILE)));
      assertEquals(2, entries.stream().filter(e -> e.path().equals("dup")).count());
      assertArrayEquals("/etc/passwd".getBytes(UTF_8), blob(repo, sha, "passwd"));
      String gitmodules = new String(blob(repo, sha, ".gitmodules"), UTF_8);
      assertTrue(gitmodules.contains("url = file:///etc"), gitmodules);
      assertTrue(gitmodules.contains("path = vendor/lib"), gitmodules);
      List<String> rootNames = new ArrayList<>();
      entries(repo, sha, false).forEach(e -> rootNames.add(e.path()));
      // Canonical git order: byte order, trees compared as if their name ended in '/'.
      assertEquals(
          List.of(
              "..",
              ".GIT",
              ".git",
              ".gitmodules",
              "A.txt",
              "a.txt",
              "dup",
              "dup",
              "passwd",
              "vendor",
              "with/slash"),
          rootNames);
    }
  }

  @Test
  void fixtureTree_shouldRefuse_whenNameEmptyOrHasNul() {
    assertThrows(IllegalArgumentException.class, () -> FixtureTree.create().file("a//b", "x"));
    assertThrows(IllegalArgumentException.class, () -> FixtureTree.create().file("", "x"));
    assertThrows(IllegalArgumentException.class, () -> FixtureTree.create().file("a\0b", "x"));
    assertThrows(
        IllegalArgumentException.class,
        () -> FixtureTree.create().entry(List.of(), FileMode.REGULAR_FILE, new byte[0]));
  }

  record Entry(String path, FileMode mode) {}

  private static Repository open(FixtureRepositories fixtures, String owner, String name)
      throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(fixtures.directoryOf(owner, name).toFile())
        .setMustExist(true)
        .build();
  }

  private static List<Entry> entries(Repository repo, String sha, boolean recursive)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo);
        TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(walk.parseCommit(ObjectId.fromString(sha)).getTree());
      tw.setRecursive(recursive);
      while (tw.next()) {
        entries.add(new Entry(tw.getPathString(), tw.getFileMode(0)));
      }
    }
    return entries;
  }

  private static byte[] blob(Repository repo, String sha, String path) throws IOException {
    try (RevWalk walk = new RevWalk(repo);
        TreeWalk tw =
            TreeWalk.forPath(repo, path, walk.parseCommit(ObjectId.fromString(sha)).getTree())) {
      return repo.open(tw.getObjectId(0)).getBytes();
    }
  }
}
