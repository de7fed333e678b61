package dev.airlock.benchmarks.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstVerificationFigureTest {

  @Test
  void withoutAccp_shouldDropAccpAndItsProviderRegistration_whenCopyingTheFunctionJar(
      @TempDir Path dir) throws IOException {
    Path jar = dir.resolve("function.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (String name :
          List.of(
              "dev/airlock/webhook/domain/HubSignatureVerifier.class",
              "com/amazon/corretto/crypto/provider/AmazonCorrettoCryptoProvider.class",
              "com/amazon/corretto/crypto/provider/libamazonCorrettoCryptoProvider.so",
              "META-INF/services/java.security.Provider",
              "META-INF/services/io.micronaut.inject.BeanDefinitionReference")) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(name.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }

    Path out = FirstVerificationFigure.withoutAccp(jar, dir.resolve("out.jar"));

    List<String> kept = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(out))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        assertEquals(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        kept.add(e.getName());
      }
    }
    assertEquals(
        List.of(
            "dev/airlock/webhook/domain/HubSignatureVerifier.class",
            "META-INF/services/io.micronaut.inject.BeanDefinitionReference"),
        kept);
  }
}
