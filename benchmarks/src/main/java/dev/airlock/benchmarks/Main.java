package dev.airlock.benchmarks;

import dev.airlock.benchmarks.harness.Figure;
import dev.airlock.benchmarks.harness.Machine;
import dev.airlock.benchmarks.harness.Result;
import dev.airlock.benchmarks.harness.ResultsJson;
import dev.airlock.benchmarks.harness.ResultsTable;
import dev.airlock.benchmarks.harness.RunContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar [--quick] [--runs N] [--out FILE] [--list]
 * [figure...]}: runs the figures (all by default), prints the table and writes {@code
 * benchmarks/results/latest.json}. Exit 0 when every figure ran (passing or not), 1 on a harness
 * error, 2 on bad arguments.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(Options.USAGE);
      return 2;
    }
    List<Figure> all = Figures.all();
    if (o.list()) {
      for (Figure f : all) {
        out.println(f.id() + "  " + f.title() + "  (floor: " + f.floorDescription() + ")");
      }
      return 0;
    }
    List<Figure> chosen = select(all, o.figures());
    Path root = repoRoot();
    Path work = Files.createTempDirectory("airlock-bench-");
    RunContext ctx = new RunContext(root, work, o.runs(), o.quick(), err);
    Machine machine = Machine.current();
    err.println("[bench] " + machine.describe());
    List<Result> results = new ArrayList<>();
    boolean harnessError = false;
    try {
      for (Figure f : chosen) {
        long t0 = System.nanoTime();
        try {
          results.addAll(f.run(ctx));
        } catch (Exception | AssertionError e) {
          harnessError = true;
          e.printStackTrace(err);
          results.add(
              Result.notMeasured(
                  f.id(),
                  f.title(),
                  f.target(),
                  "harness error: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        ctx.progress(
            "figure " + f.id() + " took " + (System.nanoTime() - t0) / 1_000_000_000 + " s");
      }
    } finally {
      deleteTree(work);
    }
    Map<String, String> titles = new LinkedHashMap<>();
    all.forEach(f -> titles.put(f.id(), f.title()));
    out.println();
    out.println(
        "JDK " + machine.javaVersion() + " (" + machine.javaVendor() + "), " + machine.describe());
    out.print(ResultsTable.render(titles, results));
    long pass = results.stream().filter(r -> r.status() == Result.Status.PASS).count();
    long fail = results.stream().filter(r -> r.status() == Result.Status.FAIL).count();
    long none = results.stream().filter(r -> r.status() == Result.Status.NOT_MEASURED).count();
    out.println("summary: " + pass + " pass, " + fail + " fail, " + none + " not measured");
    Path file = o.out() != null ? o.out() : root.resolve("benchmarks/results/latest.json");
    if (!o.quick() || o.out() != null) {
      List<String> command =
          new ArrayList<>(List.of("java", "-jar", "benchmarks/target/benchmarks.jar"));
      command.addAll(List.of(args));
      ResultsJson.write(file, machine, command, chosen, results, jarSizes(root), Instant.now());
      out.println("wrote " + root.relativize(file.toAbsolutePath()));
    } else {
      out.println("quick run: numbers not of record, latest.json left as it was");
    }
    return harnessError ? 1 : 0;
  }

  static List<Figure> select(List<Figure> all, List<String> ids) {
    if (ids.isEmpty()) {
      return all;
    }
    List<Figure> out = new ArrayList<>();
    for (String id : ids) {
      String bare = id.startsWith("fig") ? id.substring(3) : id;
      Figure f =
          all.stream()
              .filter(x -> x.id().equals(bare))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("no figure " + id));
      if (!out.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * {@code -Dairlock.repo.root}, else the checkout holding this jar ({@code
   * benchmarks/target/benchmarks.jar}), else the working directory.
   */
  static Path repoRoot() {
    String prop = System.getProperty("airlock.repo.root");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath();
    }
    try {
      Path jar =
          Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toAbsolutePath();
      Path root = jar.getParent().getParent().getParent();
      if (Files.isDirectory(root.resolve("functions"))
          && Files.isDirectory(root.resolve("events"))) {
        return root;
      }
    } catch (Exception e) {
      // fall back to the working directory
    }
    return Path.of("").toAbsolutePath();
  }

  /** Each function's deployment jar ({@code functions/<f>/target/*-lambda.jar}) → bytes. */
  static Map<String, Long> jarSizes(Path root) throws IOException {
    Map<String, Long> out = new LinkedHashMap<>();
    Path functions = root.resolve("functions");
    if (!Files.isDirectory(functions)) {
      return out;
    }
    List<Path> jars = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(functions)) {
      for (Path d : dirs.sorted().toList()) {
        Path target = d.resolve("target");
        if (Files.isDirectory(target)) {
          try (DirectoryStream<Path> s = Files.newDirectoryStream(target, "*-lambda.jar")) {
            s.forEach(jars::add);
          }
        }
      }
    }
    jars.sort(Comparator.naturalOrder());
    for (Path j : jars) {
      out.put(root.relativize(j).toString(), Files.size(j));
    }
    return out;
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // scratch space: best effort
                }
              });
    } catch (IOException ignored) {
      // already gone
    }
  }

  /** Parsed command line. */
  record Options(List<String> figures, boolean quick, int runs, Path out, boolean list) {
    static final String USAGE =
        "usage: java -jar benchmarks/target/benchmarks.jar [--quick] [--runs N] [--out FILE]"
            + " [--list] [figure...]";

    static Options parse(String[] args) {
      List<String> figures = new ArrayList<>();
      boolean quick = false;
      boolean list = false;
      int runs = 10;
      Path out = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--quick" -> quick = true;
          case "--list" -> list = true;
          case "--runs" -> {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("--runs needs a number");
            }
            try {
              runs = Integer.parseInt(args[++i]);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--runs needs a number");
            }
            if (runs < 1) {
              throw new IllegalArgumentException("--runs must be positive");
            }
          }
          case "--out" -> {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("--out needs a file");
            }
            out = Path.of(args[++i]).toAbsolutePath();
          }
          default -> {
            if (a.startsWith("-")) {
              throw new IllegalArgumentException("unknown option " + a);
            }
            figures.add(a);
          }
        }
      }
      return new Options(List.copyOf(figures), quick, runs, out, list);
    }
  }
}
