package dev.airlock.aws.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.io.service.SoftServiceLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package-time index of a jar's Micronaut services, and the static loaders read from it. */
class MicronautServiceIndexTest {
  @TempDir Path dir;

  /** A jar with the given entries (a null content makes a directory entry). */
  private Path jar(Map<String, String> entries) throws IOException {
    Path jar = dir.resolve("function-" + System.nanoTime() + ".jar");
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        if (e.getValue() != null) {
          zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        zip.closeEntry();
      }
    }
    return jar;
  }

  private static URLClassLoader over(Path jar) throws IOException {
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
  }

  @Test
  void write_shouldListMicronautEntriesAndServiceFiles_whenTheJarHasBoth() throws IOException {
    Path jar =
        jar(
            Map.copyOf(
                Map.of(
                    "META-INF/micronaut/",
                    "",
                    "META-INF/micronaut/io.example.Reference/",
                    "",
                    "META-INF/micronaut/io.example.Reference/io.example.$B$Definition",
                    "",
                    "META-INF/micronaut/io.example.Reference/io.example.$A$Definition",
                    "",
                    "META-INF/services/io.example.Loader",
                    "# a comment\n  io.example.YamlLoader # trailing\n\nio.example.PropsLoader\n",
                    "io/example/Other.class",
                    "not a class")));
    assertEquals(4, MicronautServiceIndex.write(jar));

    try (URLClassLoader loader = over(jar)) {
      assertEquals(
          Map.of(
              "io.example.Reference",
              List.of("io.example.$A$Definition", "io.example.$B$Definition"),
              "io.example.Loader",
              List.of("io.example.PropsLoader", "io.example.YamlLoader")),
          MicronautServiceIndex.read(loader));
    }
    // Written again (a rebuild that shades into the same jar): replaced, not appended.
    assertEquals(4, MicronautServiceIndex.write(jar));
  }

  @Test
  void optimizations_shouldAnswerEveryTypeFromTheIndex_whenTheIndexIsOnTheClassPath()
      throws IOException {
    Path jar =
        jar(
            Map.of(
                MicronautServiceIndex.RESOURCE,
                "# header\n"
                    + "java.util.List java.util.ArrayList\n"
                    + "java.util.List io.example.Missing\n"
                    + "java.util.List java.lang.Runtime\n"));
    try (URLClassLoader loader = over(jar)) {
      Map<String, SoftServiceLoader.StaticServiceLoader<?>> loaders =
          MicronautServiceIndex.optimizations(loader).getServiceLoaders();

      List<?> lists = loaders.get("java.util.List").load(null);
      assertEquals(1, lists.size(), "a missing class and one without a public constructor skip");
      assertInstanceOf(ArrayList.class, lists.get(0));
      assertEquals(
          List.of(),
          loaders.get("java.util.List").load(name -> !name.endsWith("ArrayList"), null),
          "the name filter applies");
      assertTrue(loaders.containsKey("io.micronaut.context.ApplicationContextCustomizer"));
      assertEquals(
          List.of(),
          loaders.get("io.micronaut.context.ApplicationContextCustomizer").load(null),
          "a type the jar registers nothing for has nothing, without a scan");
    }
  }

  @Test
  void optimizations_shouldAnswerNothing_whenNoIndexIsOnTheClassPath() throws IOException {
    Path jar = jar(Map.of("META-INF/micronaut/io.example.Reference/io.example.$A$Definition", ""));
    try (URLClassLoader loader = over(jar)) {
      Map<String, SoftServiceLoader.StaticServiceLoader<?>> loaders =
          MicronautServiceIndex.optimizations(loader).getServiceLoaders();
      assertFalse(loaders.containsKey("io.example.Reference"), "Micronaut scans as usual");
      assertNull(loaders.get("io.example.Reference"));
    }
  }

  @Test
  void read_shouldRefuseTheIndex_whenALineIsNotATypeAndAnImplementation() throws IOException {
    Path jar = jar(Map.of(MicronautServiceIndex.RESOURCE, "java.util.List\n"));
    try (URLClassLoader loader = over(jar)) {
      assertThrows(IOException.class, () -> MicronautServiceIndex.read(loader));
    }
  }

  @Test
  void main_shouldRefuseAJar_whenItRegistersNoServices() throws IOException {
    Path jar = jar(Map.of("io/example/Other.class", "x"));
    assertThrows(
        IllegalStateException.class,
        () -> MicronautServiceIndex.main(new String[] {jar.toString()}));
  }
}
