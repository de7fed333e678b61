package dev.airlock.aws.config;

import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.io.service.SoftServiceLoader.StaticDefinition;
import io.micronaut.core.io.service.SoftServiceLoader.StaticServiceLoader;
import io.micronaut.core.optim.StaticOptimizations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The Micronaut services of a deployment jar, listed once at package time so that a cold start does
 * not look for them.
 *
 * <p><b>Why.</b> Micronaut finds its bean definitions, introspections and other services under
 * {@code META-INF/micronaut/<type>/<implementation>} (one empty entry each) and in {@code
 * META-INF/services}. To list a directory inside a jar it opens the whole jar as a zip file system,
 * which reads the jar's central directory again (the class loader has read it once already): for a
 * function's ~15,000-entry deployment jar that is tens of milliseconds of every cold start's init,
 * measured in benchmarks figure 1, which runs the jar as a jar (as a deployment with a class-data
 * sharing archive must). Lambda extracts a plain package, where the scan is a directory walk:
 * smaller, not free.
 *
 * <p><b>How.</b> {@link #main} runs after the shade step of each function's build and writes {@link
 * #RESOURCE} into the jar: every {@code <type> <implementation>} pair of both places, sorted. At
 * run time Micronaut's {@link StaticOptimizations} (its hook for precomputed start-up data, found
 * through {@code META-INF/services}) asks this class for {@link SoftServiceLoader.Optimizations}:
 * with the index on the class path, every service type is answered from it (a type it does not list
 * has no implementations in the jar, so it gets none), and nothing is scanned. Without the index
 * (tests, the local stack: classes from directories and separate jars) it answers nothing and
 * Micronaut scans as usual.
 *
 * <p>Implementations load as Micronaut's own scan loads them: a class that is missing or lacks a
 * public no-argument constructor is skipped; one whose constructor fails fails the lookup.
 */
public final class MicronautServiceIndex
    implements StaticOptimizations.Loader<SoftServiceLoader.Optimizations> {

  /** Where the index is, inside a deployment jar. */
  public static final String RESOURCE = "META-INF/airlock/micronaut-services.idx";

  private static final String META = "META-INF/micronaut";
  private static final String SERVICES = "META-INF/services";
  private static final MethodType NO_ARGS = MethodType.methodType(void.class);

  /** For {@link java.util.ServiceLoader}; the index is read from this class's class loader. */
  public MicronautServiceIndex() {}

  /**
   * The optimizations Micronaut reads at its first service lookup: a static loader per type when
   * the index is present, none otherwise. Never throws: a failure here would fail Micronaut's class
   * initialization, so an unreadable index means scanning as usual.
   */
  @Override
  public SoftServiceLoader.Optimizations load() {
    try {
      return optimizations(MicronautServiceIndex.class.getClassLoader());
    } catch (RuntimeException | IOException unreadable) {
      return new SoftServiceLoader.Optimizations(new HashMap<>());
    }
  }

  /** The optimizations for the index on {@code loader}'s class path (none without one). */
  static SoftServiceLoader.Optimizations optimizations(ClassLoader loader) throws IOException {
    Map<String, List<String>> index = read(loader);
    return new SoftServiceLoader.Optimizations(
        index == null ? new HashMap<>() : new Complete(index, loader));
  }

  /**
   * The index on {@code loader}'s class path, by type (implementations sorted), or null if there is
   * none.
   */
  static Map<String, List<String>> read(ClassLoader loader) throws IOException {
    try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return null;
      }
      Map<String, List<String>> index = new HashMap<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int space = line.indexOf(' ');
        if (space <= 0 || space == line.length() - 1) {
          throw new IOException("malformed line in " + RESOURCE);
        }
        index
            .computeIfAbsent(line.substring(0, space), t -> new ArrayList<>())
            .add(line.substring(space + 1));
      }
      return index;
    }
  }

  /**
   * Every type the index lists, with its static loader; any other type gets a loader of nothing
   * (the index was built from all of the jar's registrations).
   */
  private static final class Complete extends AbstractMap<String, StaticServiceLoader<?>> {
    private final Map<String, StaticServiceLoader<?>> listed = new HashMap<>();

    Complete(Map<String, List<String>> index, ClassLoader loader) {
      index.forEach((type, impls) -> listed.put(type, new Listed<>(impls, loader)));
    }

    @Override
    public StaticServiceLoader<?> get(Object type) {
      StaticServiceLoader<?> l = listed.get(type);
      return l != null ? l : Listed.NONE;
    }

    @Override
    public boolean containsKey(Object type) {
      return type instanceof String;
    }

    @Override
    public Set<Entry<String, StaticServiceLoader<?>>> entrySet() {
      return Collections.unmodifiableMap(listed).entrySet();
    }
  }

  /** The implementations of one type, loaded and instantiated as Micronaut's scan would. */
  private static final class Listed<S> implements StaticServiceLoader<S> {
    static final Listed<Object> NONE = new Listed<>(List.of(), null);

    private final List<String> impls;
    private final ClassLoader loader;

    Listed(List<String> impls, ClassLoader loader) {
      this.impls = List.copyOf(impls);
      this.loader = loader;
    }

    @Override
    public Stream<StaticDefinition<S>> findAll(Predicate<String> wanted) {
      List<StaticDefinition<S>> found = new ArrayList<>();
      for (String name : impls) {
        if (wanted != null && !wanted.test(name)) {
          continue;
        }
        MethodHandle constructor;
        try {
          Class<?> type = Class.forName(name, false, loader);
          constructor = MethodHandles.publicLookup().findConstructor(type, NO_ARGS);
        } catch (ClassNotFoundException
            | NoClassDefFoundError
            | NoSuchMethodException
            | IllegalAccessException absent) {
          // Micronaut's scan skips these too: an optional integration whose classes are not here.
          continue;
        }
        found.add(StaticDefinition.of(name, () -> instantiate(name, constructor)));
      }
      return found.stream();
    }

    @SuppressWarnings("unchecked")
    private S instantiate(String name, MethodHandle constructor) {
      try {
        return (S) constructor.invoke();
      } catch (Throwable t) {
        // As Micronaut's scan fails the lookup (its exception type is not public).
        throw new IllegalStateException("cannot instantiate service " + name, t);
      }
    }
  }

  // ------------------------------------------------------------------ package time

  /**
   * Writes the index into each jar named (the build's step after shading).
   *
   * @param jars paths of deployment jars
   */
  public static void main(String[] jars) throws IOException {
    if (jars.length == 0) {
      throw new IllegalArgumentException("usage: MicronautServiceIndex <jar>...");
    }
    for (String jar : jars) {
      if (write(Path.of(jar)) == 0) {
        throw new IllegalStateException(jar + " registers no services: not a Micronaut function");
      }
    }
  }

  /**
   * Lists every {@code <type> <implementation>} pair of {@code jar}'s {@code META-INF/micronaut}
   * entries and {@code META-INF/services} files into {@link #RESOURCE} in the jar (replacing an
   * earlier index).
   *
   * @return how many pairs were written
   */
  public static int write(Path jar) throws IOException {
    Map<String, Set<String>> services = new TreeMap<>();
    try (FileSystem fs = FileSystems.newFileSystem(jar)) {
      Path meta = fs.getPath(META);
      if (Files.isDirectory(meta)) {
        for (Path type : list(meta)) {
          if (!Files.isDirectory(type)) {
            continue;
          }
          for (Path impl : list(type)) {
            if (Files.isRegularFile(impl)) {
              add(services, name(type), name(impl));
            }
          }
        }
      }
      Path standard = fs.getPath(SERVICES);
      if (Files.isDirectory(standard)) {
        for (Path file : list(standard)) {
          if (!Files.isRegularFile(file)) {
            continue;
          }
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int hash = line.indexOf('#');
            String impl = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!impl.isEmpty()) {
              add(services, name(file), impl);
            }
          }
        }
      }
      StringBuilder out = new StringBuilder();
      out.append("# Micronaut services of this jar (type implementation), written at package")
          .append(" time by ")
          .append(MicronautServiceIndex.class.getName())
          .append('\n');
      int pairs = 0;
      for (Map.Entry<String, Set<String>> e : services.entrySet()) {
        for (String impl : e.getValue()) {
          out.append(e.getKey()).append(' ').append(impl).append('\n');
          pairs++;
        }
      }
      Path index = fs.getPath(RESOURCE);
      Files.createDirectories(index.getParent());
      Files.writeString(index, out, StandardCharsets.UTF_8);
      return pairs;
    }
  }

  private static void add(Map<String, Set<String>> services, String type, String impl)
      throws IOException {
    if (type.contains(" ") || impl.contains(" ")) {
      throw new IOException("a service name with a space: " + type + " " + impl);
    }
    services.computeIfAbsent(type, t -> new TreeSet<>()).add(impl);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static String name(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }
}
