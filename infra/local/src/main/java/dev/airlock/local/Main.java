package dev.airlock.local;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The local stack's command line ({@code java -jar airlock-local.jar <command>}):
 *
 * <ul>
 *   <li>{@code serve [--port N] [--repos DIR] [--state-dir DIR] [--endpoints-file F]
 *       [--github-installation ID=owner/name,...]}: start everything, print the endpoints as one
 *       JSON line, run until stopped (SIGTERM stops every child process);
 *   <li>{@code demo}: start on free ports, run the whole chain once on fixtures, print a JSON
 *       summary, exit 0 only if every step succeeded;
 *   <li>{@code inspect --endpoints-file F [PREFIX]}: each state object under PREFIX, decrypted
 *       where possible, or why it cannot be (e.g. shredded);
 *   <li>{@code enroll --endpoints-file F --provider gitlab|bitbucket --repository PATH --account
 *       ID};
 *   <li>{@code set-account --endpoints-file F --account ID --delete-on-cancel true|false};
 *   <li>{@code audit-export --endpoints-file F --account ID [--out FILE]} and {@code
 *       verify-receipts --file F} (see {@link AccountCommands}).
 * </ul>
 *
 * Exit status: 0 success, 1 the operation failed, 2 usage error.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Standard output carries only the command's own result (JSON); whatever the functions and
    // libraries print (logs, EMF metric lines) goes to standard error.
    PrintStream out = System.out;
    System.setOut(System.err);
    int code = run(args, out, System.err);
    System.exit(code);
  }

  /** Runs a command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(usage());
      return 2;
    }
    Args a;
    try {
      a = Args.parse(Arrays.copyOfRange(args, 1, args.length));
    } catch (IllegalArgumentException e) {
      err.println("usage error: " + e.getMessage());
      err.println(usage());
      return 2;
    }
    try {
      return switch (args[0]) {
        case "serve" -> Serve.run(a, out, err);
        case "demo" -> Demo.run(a, out, err);
        case "inspect" -> Inspect.run(a, out, err);
        case "enroll" -> Enroll.run(a, out, err);
        case "backup", "verify", "restore" -> BackupCommands.run(args[0], a, out, err);
        case "delete-account" -> DeleteAccount.run(a, out, err);
        case "set-account" -> AccountCommands.setAccount(a, out, err);
        case "audit-export" -> AccountCommands.auditExport(a, out, err);
        case "verify-receipts" -> AccountCommands.verifyReceipts(a, out, err);
        case "help", "--help", "-h" -> {
          out.println(usage());
          yield 0;
        }
        default -> {
          err.println("unknown command: " + args[0]);
          err.println(usage());
          yield 2;
        }
      };
    } catch (Args.UsageException e) {
      err.println("usage error: " + e.getMessage());
      err.println(usage());
      return 2;
    }
  }

  static String usage() {
    return String.join(
        "\n",
        "usage: java -jar airlock-local.jar <command> [options]",
        "  serve   [--port N] [--repos DIR] [--state-dir DIR] [--endpoints-file F]"
            + " [--github-installation ID=owner/name,...]",
        "  demo    [--keep-state]",
        "  inspect --endpoints-file F [PREFIX]",
        "  enroll  --endpoints-file F --provider gitlab|bitbucket --repository PATH --account ID",
        "  backup  --endpoints-file F",
        "  verify  --endpoints-file F --snapshot ID|latest [--region primary|replica]",
        "  restore --endpoints-file F --snapshot ID|latest [--region primary|replica] --target-prefix P",
        "  delete-account --endpoints-file F --account ID",
        "  set-account --endpoints-file F --account ID --delete-on-cancel true|false",
        "  audit-export --endpoints-file F --account ID [--out FILE]",
        "  verify-receipts --file F");
  }
}
