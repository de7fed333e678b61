package dev.airlock.benchmarks.webhook;

import dev.airlock.emulators.stack.LocalAwsStack;
import dev.airlock.webhook.domain.CoveredRepository;
import dev.airlock.webhook.domain.InstallationDirectory;
import dev.airlock.webhook.domain.ParsedEvent;
import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** State the sample events need on the local stand-ins, written through the webhook's own code. */
public final class WebhookFixtures {
  /** The sample pull-request events' installation (events/webhook/README.md). */
  public static final String INSTALLATION_ID = "1";

  private WebhookFixtures() {}

  /**
   * Installation 1 covers Codertocat/Hello-World (repository 186853002), so that {@code
   * github-pull-request-opened.json} is accepted (202) and becomes a job.
   */
  public static void seedInstallation(LocalAwsStack aws) {
    Map<String, Object> props = new HashMap<>(aws.functionProperties());
    props.put("airlock.webhook.queue-url", aws.queueUrl("AnalysisQueue"));
    // Only the webhook's beans: every function module is on the harness's class path, and each
    // module's composition root declares its own Clock, AuditLog, StateStore... (ambiguous
    // together).
    props.put("airlock.function", "webhook");
    try (ApplicationContext ctx = ApplicationContext.builder().properties(props).build().start()) {
      ctx.getBean(InstallationDirectory.class)
          .apply(
              new ParsedEvent.InstallationChange(
                  ParsedEvent.InstallationChange.Action.CREATED,
                  INSTALLATION_ID,
                  "21031067",
                  "29310",
                  "selected",
                  List.of(new CoveredRepository("186853002", "Codertocat/Hello-World")),
                  List.of()),
              Instant.now());
    }
  }
}
