package dev.airlock.benchmarks.pmd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated Java source tree for figure 7: {@code files} compilable-looking classes in a few
 * dozen packages, each a handful of fields and 8–16 methods drawn from templates that exercise the
 * quickstart ruleset (unused locals, empty catch blocks, needless boxing, string concatenation in
 * loops, …) as well as clean code. Seeded, so every run and the floor see the same bytes.
 */
public final class JavaCorpus {

  /** The seed of record; a different seed is a different corpus. */
  public static final long SEED = 7_2026L;

  private JavaCorpus() {}

  /**
   * Writes the corpus under {@code root} and returns the relative paths of its files, in order.
   *
   * @throws IOException if a file cannot be written
   */
  public static List<String> write(Path root, int files, long seed) throws IOException {
    Random random = new Random(seed);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      String pkg = "com.example.m" + (i % 40);
      String cls = "Class" + i;
      String rel = "src/main/java/" + pkg.replace('.', '/') + "/" + cls + ".java";
      Path file = root.resolve(rel);
      Files.createDirectories(file.getParent());
      Files.writeString(file, source(pkg, cls, random, 0), StandardCharsets.UTF_8);
      paths.add(rel);
    }
    return paths;
  }

  /**
   * Rewrites the file at {@code rel} (a "push" touching it): same class, different method bodies.
   *
   * @throws IOException if it cannot be written
   */
  public static void touch(Path root, String rel, long seed, int generation) throws IOException {
    String name = rel.substring(rel.lastIndexOf('/') + 1, rel.length() - ".java".length());
    String pkg = rel.substring("src/main/java/".length(), rel.lastIndexOf('/')).replace('/', '.');
    Files.writeString(
        root.resolve(rel),
        source(pkg, name, new Random(seed * 31 + rel.hashCode() + generation), generation),
        StandardCharsets.UTF_8);
  }

  static String source(String pkg, String cls, Random r, int generation) {
    StringBuilder s = new StringBuilder(8192);
    s.append("package ").append(pkg).append(";\n\n");
    s.append("import java.util.ArrayList;\nimport java.util.HashMap;\nimport java.util.List;\n");
    s.append("import java.util.Map;\nimport java.io.IOException;\n\n");
    s.append("/** Generated class ").append(cls).append(" (generation ").append(generation);
    s.append("). */\npublic class ").append(cls).append(" {\n");
    s.append("  private int counter;\n  private String name;\n");
    s.append("  private final List<String> items = new ArrayList<>();\n");
    s.append("  private final Map<String, Integer> index = new HashMap<>();\n");
    s.append("  private static final int LIMIT = ").append(10 + r.nextInt(90)).append(";\n\n");
    s.append("  public ").append(cls).append("(String name) {\n    this.name = name;\n  }\n\n");
    int methods = 8 + r.nextInt(9);
    for (int m = 0; m < methods; m++) {
      method(s, m, r);
    }
    s.append("  @Override\n  public String toString() {\n");
    s.append("    return \"").append(cls).append("[\" + name + \", \" + counter + \"]\";\n  }\n");
    s.append("}\n");
    return s.toString();
  }

  private static void method(StringBuilder s, int m, Random r) {
    int k = r.nextInt(8);
    String n = "m" + m + "v" + k;
    switch (k) {
      case 0 -> {
        s.append("  public int ").append(n).append("(int a, int b) {\n");
        s.append("    int unused = a * ").append(r.nextInt(9) + 2).append(";\n");
        s.append("    if (a > b) {\n      return a - b;\n    } else {\n");
        s.append("      for (int i = 0; i < b; i++) {\n        counter += i;\n      }\n    }\n");
        s.append("    return counter;\n  }\n\n");
      }
      case 1 -> {
        s.append("  public void ").append(n).append("(String value) {\n");
        s.append("    try {\n      counter = Integer.parseInt(value);\n");
        s.append("    } catch (NumberFormatException e) {\n    }\n  }\n\n");
      }
      case 2 -> {
        s.append("  public String ").append(n).append("(List<String> parts) {\n");
        s.append("    String out = \"\";\n");
        s.append("    for (String p : parts) {\n      out += p + \",\";\n    }\n");
        s.append("    return out;\n  }\n\n");
      }
      case 3 -> {
        s.append("  public Integer ").append(n).append("(String key) {\n");
        s.append("    Integer v = index.get(key);\n");
        s.append("    if (v == null) {\n      v = new Integer(").append(r.nextInt(100));
        s.append(");\n      index.put(key, v);\n    }\n    return v;\n  }\n\n");
      }
      case 4 -> {
        s.append("  public boolean ").append(n).append("(Object other) {\n");
        s.append("    if (other instanceof String) {\n");
        s.append("      String o = (String) other;\n");
        s.append("      if (o.equals(name) == true) {\n        return true;\n      }\n    }\n");
        s.append("    return false;\n  }\n\n");
      }
      case 5 -> {
        s.append("  public void ").append(n).append("() throws IOException {\n");
        s.append("    for (int i = 0; i < LIMIT; i++) {\n");
        s.append("      items.add(String.valueOf(i * ").append(r.nextInt(7) + 1).append("));\n");
        s.append("    }\n    if (items.size() > LIMIT * 2) {\n");
        s.append("      throw new IOException(\"too many\");\n    }\n  }\n\n");
      }
      case 6 -> {
        s.append("  public synchronized long ").append(n).append("(long[] values) {\n");
        s.append("    long sum = 0;\n    int i = 0;\n");
        s.append("    while (i < values.length) {\n      sum += values[i];\n      i++;\n    }\n");
        s.append("    switch ((int) (sum % 3)) {\n      case 0:\n        sum++;\n");
        s.append("      case 1:\n        sum--;\n        break;\n      default:\n");
        s.append("        break;\n    }\n    return sum;\n  }\n\n");
      }
      default -> {
        s.append("  /** Clean method. */\n  public List<String> ").append(n);
        s.append("(String prefix) {\n    List<String> out = new ArrayList<>();\n");
        s.append("    for (String item : items) {\n      if (item.startsWith(prefix)) {\n");
        s.append("        out.add(item);\n      }\n    }\n    return out;\n  }\n\n");
      }
    }
  }
}
