package dev.airlock.analyze.adapter.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airlock.analyze.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analyzer JVM's JIT flags follow the job's size: C1 only for small jobs, full tiering else.
 */
class JitFlagsTest {

  @Test
  void jitFlags_shouldStopAtC1_whenTheJobHasAtMostTheSmallJobFiles() {
    assertEquals(List.of("-XX:TieredStopAtLevel=1"), ProcessSandbox.jitFlags(101, 2000));
    assertEquals(List.of("-XX:TieredStopAtLevel=1"), ProcessSandbox.jitFlags(2000, 2000));
  }

  @Test
  void jitFlags_shouldAlsoInlineLess_whenTheJobIsTiny() {
    List<String> tiny = List.of("-XX:TieredStopAtLevel=1", "-XX:C1MaxInlineSize=15");
    assertEquals(tiny, ProcessSandbox.jitFlags(1, 2000));
    assertEquals(tiny, ProcessSandbox.jitFlags(ProcessSandbox.TINY_JOB_FILES, 2000));
    assertEquals(tiny, ProcessSandbox.jitFlags(15, 15));
    assertEquals(List.of(), ProcessSandbox.jitFlags(16, 15), "above the small-job threshold");
  }

  @Test
  void jitFlags_shouldKeepFullTiering_whenTheJobIsLargerOrTheThresholdIsZero() {
    assertEquals(List.of(), ProcessSandbox.jitFlags(101, 100));
    assertEquals(List.of(), ProcessSandbox.jitFlags(0, 0));
    assertEquals(List.of(), ProcessSandbox.jitFlags(15, 0));
  }

  @Test
  void countFiles_shouldCountRegularFilesOnlyAndStopPastTheLimit_whenWalkingTheSourceTree()
      throws IOException {
    Path dir = TestDirs.fresh("jit-count");
    Files.createDirectories(dir.resolve("a/b"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(dir.resolve("a/b/F" + i + ".java"), "class F {}");
    }
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("a"));
    assertEquals(5, ProcessSandbox.countFiles(dir, 100));
    assertEquals(3, ProcessSandbox.countFiles(dir, 2), "stops at limit + 1");
  }

  @Test
  void countFiles_shouldCountAsLarge_whenTheTreeCannotBeWalked() {
    assertEquals(11, ProcessSandbox.countFiles(Path.of("/nonexistent-airlock-dir"), 10));
  }
}
