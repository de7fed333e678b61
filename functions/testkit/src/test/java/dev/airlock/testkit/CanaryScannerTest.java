package dev.airlock.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryScannerTest {

  @Test
  void text_shouldFindThePlainBase64AndHexFormsOfTheCanary() {
    String c = CanaryScanner.newCanary();
    byte[] b = c.getBytes(StandardCharsets.UTF_8);
    assertEquals(1, CanaryScanner.searchFor(c).text("plain", "..." + c + "...").hits().size());
    assertEquals(
        1,
        CanaryScanner.searchFor(c)
            .text("b64", Base64.getEncoder().encodeToString(b))
            .hits()
            .size());
    assertEquals(
        1, CanaryScanner.searchFor(c).text("hex", HexFormat.of().formatHex(b)).hits().size());
    assertTrue(CanaryScanner.searchFor(c).text("other", "nothing here").hits().isEmpty());
  }

  @Test
  void directory_shouldFindTheCanaryInFileContentsAndNames(@TempDir Path dir) throws Exception {
    String c = CanaryScanner.newCanary();
    Files.writeString(dir.resolve("a.txt"), "clean");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/b.log"), "line with " + c);
    Files.writeString(dir.resolve(c + ".tmp"), "clean");
    var hits = CanaryScanner.searchFor(c).directory(dir).hits();
    assertEquals(2, hits.size(), hits.toString());
  }

  @Test
  void newCanary_shouldBeUnique() {
    assertTrue(!CanaryScanner.newCanary().equals(CanaryScanner.newCanary()));
  }
}
