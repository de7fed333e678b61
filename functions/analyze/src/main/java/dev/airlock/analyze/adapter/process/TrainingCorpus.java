package dev.airlock.analyze.adapter.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The synthetic source tree a {@link ClassArchive} is trained on: written by this process, never
 * taken from a tenant, so nothing an analyzer parses during training can shape the archive other
 * tenants' analyzers map. It exercises the common Java constructs (generics, lambdas, records,
 * switch, try-with-resources, annotations, nested classes) so the archive holds the parser's, type
 * system's and rules' classes a real push loads, plus a properties file for the text analyzers.
 */
final class TrainingCorpus {

  private TrainingCorpus() {}

  /** Writes the corpus under {@code dir} (which must exist and be empty). */
  static void write(Path dir) throws IOException {
    Path pkg = Files.createDirectories(dir.resolve("src/main/java/example/training"));
    for (int i = 0; i < 3; i++) {
      Files.writeString(
          pkg.resolve("Sample" + i + ".java"), source(i), StandardOpenOption.CREATE_NEW);
    }
    Files.writeString(
        dir.resolve("application.properties"),
        "server.port=8080\nfeature.enabled=true\n",
        StandardOpenOption.CREATE_NEW);
  }

  private static String source(int i) {
    String cls = "Sample" + i;
    return "package example.training;\n\n"
        + "import java.io.BufferedReader;\n"
        + "import java.io.IOException;\n"
        + "import java.io.StringReader;\n"
        + "import java.util.ArrayList;\n"
        + "import java.util.HashMap;\n"
        + "import java.util.List;\n"
        + "import java.util.Map;\n"
        + "import java.util.Optional;\n"
        + "import java.util.function.Function;\n"
        + "import java.util.stream.Collectors;\n\n"
        + "/** A synthetic class for class-data-sharing training. */\n"
        + "public class "
        + cls
        + " implements Comparable<"
        + cls
        + "> {\n"
        + "  private static final int LIMIT = "
        + (10 + i)
        + ";\n"
        + "  private final String name;\n"
        + "  private int count;\n"
        + "  private Map<String, List<Integer>> index = new HashMap<>();\n\n"
        + "  public "
        + cls
        + "(String name) {\n    this.name = name;\n  }\n\n"
        + "  record Pair(String left, int right) {}\n\n"
        + "  enum Mode { FAST, SLOW }\n\n"
        + "  interface Visitor<T> { T visit(String s); }\n\n"
        + "  public int sum(int a, int b) {\n"
        + "    int unused = a * 2;\n"
        + "    if (a > LIMIT) { return a; } else if (b > LIMIT) return b;\n"
        + "    for (int k = 0; k < b; k++) { count += k; }\n"
        + "    return a + b;\n  }\n\n"
        + "  public String join(List<String> parts) {\n"
        + "    String s = \"\";\n"
        + "    for (String p : parts) { s += p; }\n"
        + "    return parts.stream().filter(p -> !p.isEmpty()).map(String::trim)"
        + ".collect(Collectors.joining(\",\")) + s;\n  }\n\n"
        + "  public Integer lookup(String key) {\n"
        + "    try {\n      return Integer.valueOf(key);\n"
        + "    } catch (NumberFormatException e) {\n      return null;\n    }\n  }\n\n"
        + "  public boolean same(Object other) {\n"
        + "    if (other == null) return false;\n"
        + "    return other.toString() == name;\n  }\n\n"
        + "  public List<String> lines(String text) throws IOException {\n"
        + "    List<String> out = new ArrayList<>();\n"
        + "    try (BufferedReader r = new BufferedReader(new StringReader(text))) {\n"
        + "      String line;\n"
        + "      while ((line = r.readLine()) != null) { out.add(line); }\n"
        + "    }\n    return out;\n  }\n\n"
        + "  public synchronized long total(long[] values) {\n"
        + "    long t = 0;\n    for (long v : values) t += v;\n    return t;\n  }\n\n"
        + "  public String describe(Mode mode) {\n"
        + "    switch (mode) {\n      case FAST: return \"fast\";\n      default: return \"slow\";\n"
        + "    }\n  }\n\n"
        + "  public <T> Optional<T> apply(Function<String, T> f) {\n"
        + "    Visitor<T> v = s -> f.apply(s);\n"
        + "    return Optional.ofNullable(v.visit(name));\n  }\n\n"
        + "  @Override\n  public int compareTo("
        + cls
        + " o) {\n    return Integer.compare(count, o.count);\n  }\n\n"
        + "  @Override\n  public boolean equals(Object o) {\n"
        + "    return o instanceof "
        + cls
        + " && ((("
        + cls
        + ") o).name).equals(name);\n  }\n\n"
        + "  @Override\n  public String toString() {\n"
        + "    StringBuilder sb = new StringBuilder();\n"
        + "    sb.append(\"name=\" + name);\n"
        + "    System.out.println(sb);\n"
        + "    return sb.toString();\n  }\n}\n";
  }
}
