package dev.airlock.analyze.adapter.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How the analyzer process is separated from the function and from other jobs, beyond the empty
 * environment, private directory, heap cap and timeout that every mode has.
 *
 * <ul>
 *   <li>{@link #NAMESPACES_UID} (the function runs as root: locally, in CI): {@code unshare --pid
 *       --fork --kill-child --mount-proc --net} then {@code setpriv} to a per-job user and group id
 *       with no supplementary groups and {@code no_new_privs}. The analyzer sees only its own
 *       processes (a fresh {@code /proc}), has no network (a new network namespace has only a down
 *       loopback), cannot read the function's {@code /proc/<pid>/environ}, and, being another user,
 *       cannot read other jobs' sandboxes.
 *   <li>{@link #USER_NAMESPACE} (unprivileged, where user namespaces are allowed): {@code unshare
 *       --user --map-root-user --pid --fork --kill-child --mount-proc --net}. Same process and
 *       network isolation; the analyzer still runs as the function's user outside the namespace, so
 *       file permissions alone do not keep it from other same-user files.
 *   <li>{@link #NONE} (AWS Lambda, where namespaces and privilege changes are not available): a
 *       plain child process of the same user. See the module README for what holds there.
 * </ul>
 */
public enum Isolation {
  NAMESPACES_UID("namespaces+uid"),
  USER_NAMESPACE("user-namespace"),
  NONE("none");

  private final String label;

  Isolation(String label) {
    this.label = label;
  }

  /** The label recorded in run summaries and receipts. */
  public String label() {
    return label;
  }

  /**
   * The mode named by configuration: {@code auto} (the strongest available), {@code
   * namespaces+uid}, {@code user-namespace} or {@code none}. An explicit mode that is not available
   * fails closed.
   *
   * @throws IllegalStateException if an explicitly requested mode does not work here
   * @throws IllegalArgumentException for an unknown name
   */
  public static Isolation select(String requested, int uidProbe) {
    String r = requested == null ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
    if (r.equals("auto")) {
      if (works(NAMESPACES_UID, uidProbe)) {
        return NAMESPACES_UID;
      }
      if (works(USER_NAMESPACE, uidProbe)) {
        return USER_NAMESPACE;
      }
      return NONE;
    }
    for (Isolation i : values()) {
      if (i.label.equals(r)) {
        if (!works(i, uidProbe)) {
          throw new IllegalStateException("sandbox isolation " + r + " is not available here");
        }
        return i;
      }
    }
    throw new IllegalArgumentException("unknown sandbox isolation " + r);
  }

  /** The command prefix that runs a program under this isolation as {@code uid}. */
  List<String> wrapper(int uid) {
    List<String> w = new ArrayList<>();
    switch (this) {
      case NAMESPACES_UID -> {
        w.add(tool("unshare").orElseThrow());
        w.addAll(List.of("--pid", "--fork", "--kill-child", "--mount-proc", "--net", "--"));
        w.add(tool("setpriv").orElseThrow());
        w.add("--reuid=" + uid);
        w.add("--regid=" + uid);
        w.addAll(List.of("--clear-groups", "--no-new-privs", "--"));
      }
      case USER_NAMESPACE -> {
        w.add(tool("unshare").orElseThrow());
        w.addAll(
            List.of(
                "--user",
                "--map-root-user",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc",
                "--net",
                "--"));
      }
      case NONE -> {
        // a plain child process
      }
    }
    return w;
  }

  /** Whether this mode actually works here: running {@code true} under it succeeds. */
  static boolean works(Isolation mode, int uid) {
    if (mode == NONE) {
      return true;
    }
    Optional<String> t = tool("true");
    if (tool("unshare").isEmpty() || t.isEmpty()) {
      return false;
    }
    if (mode == NAMESPACES_UID && (tool("setpriv").isEmpty() || currentUid() != 0)) {
      return false;
    }
    List<String> cmd = new ArrayList<>(mode.wrapper(uid));
    cmd.add(t.get());
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().clear();
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Process p = pb.start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The effective user id of this process ({@code /proc/self} is owned by it), -1 if unknown. */
  static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }

  private static Optional<String> tool(String name) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }
}
