package dev.airlock.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.message.Provider;
import dev.airlock.webhook.domain.Enrollment;
import dev.airlock.webhook.domain.EnrollmentService;
import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code enroll}: the operator enrolls a GitLab or Bitbucket repository (hosts without App
 * installations) into an account, writing the same lookup record the AWS deployment uses. Runs the
 * webhook function's own domain code against the running stack named by the endpoints file.
 */
final class Enroll {
  private Enroll() {}

  static int run(Args a, PrintStream out, PrintStream err) {
    Endpoints e = Endpoints.read(Path.of(a.required("endpoints-file")));
    Provider provider;
    try {
      provider = Provider.fromWire(a.required("provider"));
    } catch (IllegalArgumentException bad) {
      throw new Args.UsageException("--provider must be gitlab or bitbucket");
    }
    if (provider == Provider.GITHUB) {
      throw new Args.UsageException("GitHub repositories are enrolled by installing the App");
    }
    String repository = a.required("repository");
    String account = a.required("account");
    Map<String, Object> props = new HashMap<>();
    e.json()
        .path("functionProperties")
        .fields()
        .forEachRemaining(f -> props.put(f.getKey(), f.getValue().asText()));
    try (ApplicationContext ctx = ApplicationContext.builder().properties(props).start()) {
      Enrollment enrolled =
          ctx.getBean(EnrollmentService.class)
              .enroll(provider, repository, account, a.opt("clone-url").orElse(null));
      ObjectMapper json = new ObjectMapper();
      Map<String, Object> result = new HashMap<>();
      result.put("enrolled", true);
      result.put("provider", provider.wireName());
      result.put("repository", enrolled.repository());
      result.put("account", enrolled.accountId());
      out.println(json.writeValueAsString(result));
      return 0;
    } catch (IllegalArgumentException bad) {
      err.println("enroll refused: " + bad.getMessage());
      return 1;
    } catch (Exception failed) {
      err.println(
          "enroll failed: " + failed.getClass().getSimpleName() + ": " + failed.getMessage());
      return 1;
    }
  }
}
