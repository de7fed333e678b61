package dev.airlock.local;

import dev.airlock.backup.BackupOperations;
import dev.airlock.backup.domain.BackupRegion;
import dev.airlock.backup.domain.BackupReport;
import dev.airlock.backup.domain.RestoreReport;
import dev.airlock.backup.domain.RestoreRequest;
import dev.airlock.backup.domain.VerifyReport;
import dev.airlock.core.json.Json;
import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code backup} (one snapshot now; prints its report with the manifest), {@code verify --snapshot
 * ID|latest [--region primary|replica]} (every chunk's tag and the digests, nothing written) and
 * {@code restore --snapshot ID|latest [--region primary|replica] --target-prefix P} (verified in
 * full before anything is written). The backup function's own code runs against the running stack;
 * exit 0 only on success, else 1 with the report saying which check failed.
 */
final class BackupCommands {
  private BackupCommands() {}

  static int run(String command, Args a, PrintStream out, PrintStream err) {
    Endpoints e = Endpoints.read(Path.of(a.required("endpoints-file")));
    String region = a.opt("region").orElse("primary");
    try {
      BackupRegion.parse(region);
    } catch (IllegalArgumentException bad) {
      throw new Args.UsageException("--region must be primary or replica");
    }
    try (ApplicationContext ctx = e.functionContext("backup")) {
      BackupOperations ops = ctx.getBean(BackupOperations.class);
      switch (command) {
        case "backup" -> {
          BackupReport r = ops.backup();
          out.println(Json.writeString(r));
          return "succeeded".equals(r.outcome()) ? 0 : 1;
        }
        case "verify" -> {
          VerifyReport r = ops.verify(a.required("snapshot"), BackupRegion.parse(region), true);
          out.println(Json.writeString(r));
          return r.succeeded() ? 0 : 1;
        }
        default -> {
          RestoreReport r =
              ops.restore(
                  new RestoreRequest(
                      a.required("snapshot"),
                      region,
                      null,
                      null,
                      a.required("target-prefix"),
                      true));
          out.println(Json.writeString(r));
          return "restored".equals(r.outcome()) ? 0 : 1;
        }
      }
    } catch (IllegalArgumentException bad) {
      err.println(command + " refused: " + bad.getMessage());
      return 1;
    } catch (RuntimeException failed) {
      err.println(command + " failed: " + Errors.describe(failed));
      return 1;
    }
  }
}
