package dev.airlock.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: start the local stack and run until stopped. */
final class Serve {
  private Serve() {}

  static int run(Args a, PrintStream out, PrintStream err) {
    Path state = Path.of(a.opt("state-dir").orElse(".local-state"));
    Path repos = Path.of(a.opt("repos").orElse(state.resolve("repos").toString()));
    Map<String, Object> props = new HashMap<>();
    LocalStack stack =
        LocalStack.start(
            new LocalStackOptions(
                a.intOpt("port", 0),
                state,
                repos,
                true,
                props,
                a.intOpt("backup-interval-minutes", 60)));
    try {
      a.opt("github-installation").ifPresent(spec -> registerInstallation(stack, spec));
    } catch (IllegalArgumentException e) {
      stack.close();
      throw new Args.UsageException("--github-installation: " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                },
                "airlock-local-stop"));
    try {
      ObjectMapper json = new ObjectMapper();
      String line = json.writeValueAsString(stack.endpoints(json));
      if (a.opt("endpoints-file").isPresent()) {
        writeAtomically(Path.of(a.opt("endpoints-file").get()), line + "\n");
      }
      out.println(line);
      out.flush();
    } catch (IOException e) {
      err.println("could not write endpoints: " + e.getMessage());
      stack.close();
      return 1;
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * {@code ID=owner/name[,owner/name…]}: grants the local code host's GitHub App installation
   * {@code ID} read access to those repositories under {@code --repos} (every owner the same, as on
   * GitHub), so a push for them that {@code serve} receives can be checked out and analyzed.
   * Without it the code host knows no installation and mints no token.
   */
  private static void registerInstallation(LocalStack stack, String spec) {
    int eq = spec.indexOf('=');
    if (eq < 1 || eq == spec.length() - 1) {
      throw new IllegalArgumentException("expected ID=owner/name[,owner/name...]");
    }
    long id;
    try {
      id = Long.parseLong(spec.substring(0, eq));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("installation id is not a number");
    }
    List<String> repositories = List.of(spec.substring(eq + 1).split(","));
    String owner = repositories.get(0).split("/", 2)[0];
    stack.codeHost().registerInstallation(id, owner, repositories);
  }

  static void writeAtomically(Path file, String content) throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
