package dev.airlock.analyze.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A stand-in analyzer for tests, run by the sandbox exactly like the real analyzers (same
 * arguments, same isolation). It uses the JDK only, so a child running as an unprivileged job user
 * can load it from {@code target/test-classes}. It reports what it can see and do from inside the
 * sandbox: as {@code probe-report.properties} beside the SARIF (for sandbox tests, which read it
 * before the purge), and as SARIF rule ids {@code probe/<observation>/<value>} (for end-to-end
 * tests, which see only the stored result).
 *
 * <p>Instructions come from {@code probe.properties} at the repository root, if present: {@code
 * parentPid}, {@code connectPort}, {@code readPath}, {@code sleepSeconds} + {@code sleepMarker},
 * {@code leak=true} (behave like a leaky analyzer: quote file contents everywhere SARIF allows and
 * on stdout/stderr), {@code sarifAsLink=true}, {@code linkOutside=<path>}, {@code
 * writeTmpBytes=<n>}, {@code exit=<code>}, {@code sarifResults=<n>}.
 */
public final class ProbeAnalyzer {
  private ProbeAnalyzer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    Path root = Path.of(a.get("--root"));
    Path out = Path.of(a.get("--out"));
    Properties p = new Properties();
    Path instructions = root.resolve("probe.properties");
    if (Files.isRegularFile(instructions, LinkOption.NOFOLLOW_LINKS)) {
      try (InputStream in = Files.newInputStream(instructions)) {
        p.load(in);
      }
    }
    Map<String, String> report = new TreeMap<>();
    report.put("args", String.join(" ", a.keySet()));
    report.put("salt", Files.isReadable(Path.of(a.get("--salt-file"))) ? "readable" : "unreadable");

    Map<String, String> env = System.getenv();
    report.put("env.names", String.join(",", new TreeMap<>(env).keySet()));
    report.put(
        "env.aws",
        env.keySet().stream().anyMatch(k -> k.startsWith("AWS_")) ? "present" : "absent");
    report.put(
        "env.secrets",
        env.values().stream().anyMatch(ProbeAnalyzer::looksSecret) ? "present" : "absent");
    report.put("uid", uid());
    report.put("symlinks", Long.toString(countSymlinks(root)));
    report.put("files", Long.toString(countFiles(root)));

    if (p.containsKey("parentPid")) {
      report.put("proc.parent", readable(Path.of("/proc", p.getProperty("parentPid"), "environ")));
      int[] scan = scanProcEnviron();
      report.put("proc.readable", Integer.toString(scan[0]));
      report.put("proc.leaks", scan[1] == 0 ? "none" : "found");
    }
    if (p.containsKey("connectPort")) {
      report.put("net.connect", connect(Integer.parseInt(p.getProperty("connectPort"))));
    }
    if (p.containsKey("readPath")) {
      report.put("read.other", readable(Path.of(p.getProperty("readPath"))));
    }
    if (p.containsKey("linkOutside")) {
      Files.createSymbolicLink(root.resolve("link-outside"), Path.of(p.getProperty("linkOutside")));
      report.put("link.outside", "created");
    }
    if (p.containsKey("writeTmpBytes")) {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir")).resolve("scratch.bin");
      Files.write(tmp, new byte[Integer.parseInt(p.getProperty("writeTmpBytes"))]);
      Path locked = Path.of(System.getProperty("java.io.tmpdir")).resolve("locked");
      Files.createDirectory(locked);
      Files.writeString(locked.resolve("inside"), "x");
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    }
    boolean leak = Boolean.parseBoolean(p.getProperty("leak", "false"));
    List<String> contents = leak ? contents(root) : List.of();
    if (leak) {
      contents.forEach(System.out::println);
      contents.forEach(System.err::println);
      Files.writeString(
          Path.of(System.getProperty("java.io.tmpdir")).resolve("copy.txt"),
          String.join("\n", contents));
    }

    Files.createDirectories(out.getParent());
    writeReport(out.resolveSibling("probe-report.properties"), report);
    if (Boolean.parseBoolean(p.getProperty("sarifAsLink", "false"))) {
      Files.createSymbolicLink(out, Path.of("/etc/passwd"));
    } else {
      String firstFile = firstFile(root);
      int extra = Integer.parseInt(p.getProperty("sarifResults", "0"));
      Files.writeString(out, sarif(report, firstFile, leak ? contents : List.of(), extra));
    }
    if (p.containsKey("sleepSeconds")) {
      new ProcessBuilder("/bin/sleep", p.getProperty("sleepMarker", "1000"))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      Thread.sleep(Long.parseLong(p.getProperty("sleepSeconds")) * 1000);
    }
    System.exit(Integer.parseInt(p.getProperty("exit", "0")));
  }

  private static boolean looksSecret(String v) {
    return v.contains("airlock-test-only")
        || v.matches(".*(gh[pousr]_|AKIA|ASIA|glpat-|x-access-token).*");
  }

  private static String uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[1];
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }

  private static String readable(Path p) {
    try {
      Files.readAllBytes(p);
      return "readable";
    } catch (java.nio.file.NoSuchFileException e) {
      return "absent";
    } catch (java.nio.file.AccessDeniedException e) {
      return "denied";
    } catch (IOException e) {
      return "unreadable";
    }
  }

  /** [readable environ files, environ files holding AWS_ variables or test secrets]. */
  private static int[] scanProcEnviron() {
    int readable = 0;
    int leaks = 0;
    try (Stream<Path> s = Files.list(Path.of("/proc"))) {
      for (Path pid : (Iterable<Path>) s::iterator) {
        if (!pid.getFileName().toString().matches("[0-9]+")) {
          continue;
        }
        try {
          String environ =
              new String(Files.readAllBytes(pid.resolve("environ")), StandardCharsets.ISO_8859_1);
          readable++;
          if (environ.contains("AWS_") || environ.contains("airlock-test-only")) {
            leaks++;
          }
        } catch (IOException e) {
          // not readable: what we want
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new int[] {readable, leaks};
  }

  private static String connect(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return "connected";
    } catch (IOException e) {
      return "failed";
    }
  }

  private static long countSymlinks(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isSymbolicLink).count();
    }
  }

  private static long countFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).count();
    }
  }

  private static List<String> contents(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : (Iterable<Path>) s.sorted()::iterator) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          out.add(Files.readString(f, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return out;
  }

  private static String firstFile(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .map(f -> root.relativize(f).toString())
          .sorted()
          .findFirst()
          .orElse("none");
    }
  }

  private static void writeReport(Path file, Map<String, String> report) throws IOException {
    StringBuilder b = new StringBuilder();
    report.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    Files.writeString(file, b.toString());
  }

  /** SARIF with one rule and result per observation; in leak mode, code quoted everywhere. */
  private static String sarif(
      Map<String, String> report, String file, List<String> leaks, int extraResults) {
    String quoted = leaks.isEmpty() ? "" : String.join(" ", leaks);
    StringBuilder rules = new StringBuilder();
    StringBuilder results = new StringBuilder();
    int index = 0;
    for (Map.Entry<String, String> e : report.entrySet()) {
      if (e.getKey().equals("env.names") || e.getKey().equals("args")) {
        continue;
      }
      String id = "probe/" + e.getKey() + "/" + e.getValue().replaceAll("[^A-Za-z0-9_.:\\-]", "_");
      if (rules.length() > 0) {
        rules.append(',');
        results.append(',');
      }
      rules
          .append("{\"id\":")
          .append(str(id))
          .append(",\"shortDescription\":{\"text\":")
          .append(str("Probe observation " + e.getKey()))
          .append("}}");
      results.append(result(id, index, file, quoted));
      index++;
    }
    for (int i = 0; i < extraResults; i++) {
      results.append(',').append(result("probe/salt/readable", 0, file, ""));
    }
    if (!leaks.isEmpty()) {
      // a result whose rule is not in the table, and one located in a file that was not written
      results
          .append(",{\"ruleId\":")
          .append(str("leak-" + quoted))
          .append(",\"message\":{\"text\":\"x\"}}");
      results
          .append(",{\"ruleId\":\"probe/uid/")
          .append(report.get("uid"))
          .append(
              "\",\"message\":{\"text\":\"x\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":")
          .append(str("leak/" + quoted.replaceAll("\\s", "_")))
          .append("}}}]}");
    }
    String runProps = leaks.isEmpty() ? "" : ",\"properties\":{\"source\":" + str(quoted) + "}";
    String artifacts =
        leaks.isEmpty()
            ? ""
            : ",\"artifacts\":[{\"location\":{\"uri\":"
                + str(file)
                + "},\"contents\":{\"text\":"
                + str(quoted)
                + "}}]";
    return "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
        + "\"tool\":{\"driver\":{\"name\":\"airlock-probe\",\"version\":\"1.0\",\"rules\":["
        + rules
        + "]}},\"invocations\":[{\"executionSuccessful\":true,\"stdout\":{\"text\":"
        + str(quoted)
        + "}}]"
        + ",\"results\":["
        + results
        + "]"
        + runProps
        + artifacts
        + "}]}";
  }

  private static String result(String ruleId, int index, String file, String quoted) {
    String message = quoted.isEmpty() ? "Observed" : quoted;
    StringBuilder b = new StringBuilder();
    b.append("{\"ruleId\":")
        .append(str(ruleId))
        .append(",\"ruleIndex\":")
        .append(index)
        .append(",\"level\":\"note\",\"message\":{\"text\":")
        .append(str(message))
        .append("}")
        .append(",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":")
        .append(str(file))
        .append("},\"region\":{\"startLine\":1,\"startColumn\":1,\"snippet\":{\"text\":")
        .append(str(quoted))
        .append("}},\"contextRegion\":{\"startLine\":1,\"snippet\":{\"text\":")
        .append(str(quoted))
        .append("}}},\"message\":{\"text\":")
        .append(str(quoted))
        .append("}}]");
    if (!quoted.isEmpty()) {
      b.append(",\"properties\":{\"line\":")
          .append(str(quoted))
          .append("}")
          .append(",\"partialFingerprints\":{\"leak\":")
          .append(str(quoted))
          .append("}")
          .append(",\"codeFlows\":[{\"message\":{\"text\":")
          .append(str(quoted))
          .append("},\"threadFlows\":[]}]")
          .append(",\"relatedLocations\":[{\"message\":{\"text\":")
          .append(str(quoted))
          .append("}}]")
          .append(",\"fixes\":[{\"description\":{\"text\":")
          .append(str(quoted))
          .append("},\"artifactChanges\":[]}]");
    }
    b.append("}");
    return b.toString();
  }

  private static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
