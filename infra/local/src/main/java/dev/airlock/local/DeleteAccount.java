package dev.airlock.local;

import dev.airlock.accounts.domain.AccountDeletion;
import dev.airlock.accounts.domain.DeletionCertificate;
import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code delete-account --endpoints-file F --account ID}: runs the accounts function's deletion
 * (stop new work, purge every version in both regions, disable and schedule deletion of the tenant
 * key and its replica) against the running stack and prints the deletion certificate. Resumable:
 * re-running after an interruption completes it; re-running after completion prints the same
 * certificate and changes nothing.
 */
final class DeleteAccount {
  private DeleteAccount() {}

  static int run(Args a, PrintStream out, PrintStream err) {
    Endpoints e = Endpoints.read(Path.of(a.required("endpoints-file")));
    String account = a.required("account");
    try (ApplicationContext ctx = e.functionContext("accounts")) {
      DeletionCertificate cert = ctx.getBean(AccountDeletion.class).delete(account);
      out.println(new String(cert.toJson(), StandardCharsets.UTF_8));
      return 0;
    } catch (IllegalArgumentException bad) {
      err.println("delete-account refused: " + bad.getMessage());
      return 1;
    } catch (RuntimeException failed) {
      err.println(
          "delete-account failed: "
              + failed.getClass().getSimpleName()
              + ": "
              + failed.getMessage());
      return 1;
    }
  }
}
