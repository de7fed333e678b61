package dev.airlock.emulators.kms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local KMS endpoint on its own until the process is stopped, printing its endpoint as
 * JSON. For trying it with the AWS CLI: {@code --port N} (default: a free port), {@code
 * --state-file PATH} (default: in memory), {@code --account-id ID}.
 */
public final class LocalKmsMain {

  private LocalKmsMain() {}

  public static void main(String[] args) throws InterruptedException {
    LocalKmsConfig.Builder config = LocalKmsConfig.builder();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> config.port(Integer.parseInt(require(args[i], value)));
        case "--state-file" -> config.stateFile(Path.of(require(args[i], value)));
        case "--account-id" -> config.accountId(require(args[i], value));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    LocalKmsServer server = LocalKmsServer.start(config.build());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "local-kms-shutdown"));
    ObjectNode out = new ObjectMapper().createObjectNode();
    out.putObject("kms").put("endpoint", server.endpoint().toString());
    System.out.println(out);
    new CountDownLatch(1).await();
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
