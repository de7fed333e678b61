package dev.airlock.benchmarks.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartFigureTest {

  @Test
  void calls_shouldListServiceAndOperationInOrder_whenTheTracerPrinted() {
    String stderr = "noise\nAWSCALL S3 GetObject\nother\nAWSCALL Sqs SendMessage\n";

    assertEquals(List.of("S3.GetObject", "Sqs.SendMessage"), ColdStartFigure.calls(stderr));
  }

  @Test
  void timeline_shouldGiveEachTimedCallItsStartAndDuration_whenTheTracerPrinted() {
    String stderr =
        "AWSCALL S3 ListObjectsV2\nAWSTIME S3 ListObjectsV2 447 6\nnoise\n"
            + "AWSCALL KMS GenerateDataKey\nAWSTIME KMS GenerateDataKey 1404 37\n";

    assertEquals(
        List.of("S3.ListObjectsV2 @447 ms, 6 ms", "KMS.GenerateDataKey @1404 ms, 37 ms"),
        ColdStartFigure.timeline(stderr));
    assertEquals(List.of("S3.ListObjectsV2", "KMS.GenerateDataKey"), ColdStartFigure.calls(stderr));
  }

  @Test
  void module_shouldBeTheJarsModule_whenTwoFunctionsShareAJar() {
    Map<String, String> modules =
        Map.of(
            "webhook", "webhook",
            "billing-webhook", "billing",
            "analyze", "analyze",
            "backup", "backup",
            "restore-drill", "backup",
            "accounts", "accounts");
    for (ColdStartFigure.Function f : ColdStartFigure.FUNCTIONS) {
      assertEquals(modules.get(f.name()), ColdStartFigure.module(f), f.name());
    }
    assertEquals(
        modules.keySet(),
        Set.copyOf(
            ColdStartFigure.FUNCTIONS.stream().map(ColdStartFigure.Function::name).toList()));
  }

  @Test
  void functions_shouldEachUseACheckedInSampleEvent_whenMeasured() {
    Path root = Path.of("..").toAbsolutePath().normalize();
    for (ColdStartFigure.Function f : ColdStartFigure.FUNCTIONS) {
      assertTrue(f.event().startsWith("events/"), f.event());
      assertTrue(Files.isRegularFile(root.resolve(f.event())), f.event());
    }
  }

  @Test
  void classCounts_shouldCountClassesPerPackage_whenGivenAClassLoadLog(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("classes.log");
    Files.writeString(
        log,
        "[0.010s][info][class,load] java.lang.Object source: shared objects file\n"
            + "[0.020s][info][class,load] io.micronaut.context.A source: jar:file:/f.jar\n"
            + "[0.021s][info][class,load] io.micronaut.context.B source: jar:file:/f.jar\n"
            + "[0.030s][info][gc] not a class line\n");

    Map<String, Object> counts = ColdStartFigure.classCounts(log);

    assertEquals(3, counts.get("total"));
    assertEquals(2, counts.get("io.micronaut.context"));
    assertEquals(1, counts.get("java.lang"));
  }

  @Test
  void tail_shouldKeepTheExceptionAndDropStackFrames_whenAChildFailed() {
    String out =
        "RESULT status=500 initNanos=1 invokeNanos=2\n"
            + "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n\t... 6 more\n"
            + "Caused by: java.io.IOException: root\n";

    String tail = ColdStartFigure.tail(out);

    assertTrue(tail.contains("IllegalStateException: boom"), tail);
    assertTrue(tail.contains("Caused by: java.io.IOException: root"), tail);
    assertFalse(tail.contains("B.java"), tail);
  }

  @Test
  void withTracer_shouldPutTheTracerDirectoryFirstOnTheClassPath() {
    List<String> cmd = List.of("java", "-Dx=1", "-cp", "a.jar:b.jar", "Main");

    List<String> traced = ColdStartFigure.withTracer(cmd, Path.of("/t"));

    assertEquals("/t" + java.io.File.pathSeparator + "a.jar:b.jar", traced.get(3));
    assertEquals(cmd.size(), traced.size());
  }
}
