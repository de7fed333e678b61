package dev.airlock.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Where restores may write (issue 6): the operator restore function only under {@code restores/}
 * and the weekly drill only under {@code drill/} of the restore bucket; neither may write into the
 * live state bucket or the backup bucket. Computed from every Allow statement of each policy.
 */
class RestoreGrantsTest {
  private static final Set<String> WRITES =
      Set.of(
          "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:DeleteObjectVersion");

  /** Rendered resources on which {@code policy} grants any write action. */
  private static Set<String> writableResources(Map<String, Object> template, String policy) {
    Set<String> out = new TreeSet<>();
    for (Object element : Templates.statementList(template, policy)) {
      for (Object branch : TemplatePolicy.branches(element)) {
        Map<String, Object> statement = TemplatePolicy.map(branch);
        if (statement == null || !"Allow".equals(statement.get("Effect"))) {
          continue;
        }
        if (strings(statement.get("Action")).stream().anyMatch(WRITES::contains)) {
          out.addAll(strings(statement.get("Resource")));
        }
      }
    }
    return out;
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    for (Object element :
        value instanceof List<?> l ? l : value == null ? List.of() : List.of(value)) {
      for (Object branch : TemplatePolicy.branches(element)) {
        String rendered = TemplatePolicy.render(branch);
        if (rendered != null) {
          out.add(rendered);
        }
      }
    }
    return out;
  }

  @Test
  void restorePolicy_shouldWriteOnlyUnderRestoresOfTheRestoreBucket_whenDeployed() {
    assertEquals(
        Set.of("${RestoreBucket.Arn}/restores/*"),
        writableResources(Templates.main(), "RestorePolicy"));
  }

  @Test
  void drillPolicy_shouldWriteOnlyUnderDrillOfTheRestoreBucket_whenDeployed() {
    assertEquals(
        Set.of("${RestoreBucket.Arn}/drill/*"),
        writableResources(Templates.main(), "RestoreDrillPolicy"));
  }

  @Test
  void drillFunction_shouldRestoreIntoItsScratchPrefix_whenDeployed() {
    Map<String, Object> env =
        TemplatePolicy.map(
            TemplatePolicy.path(
                Templates.props(Templates.main(), "RestoreDrillFunction"),
                "Environment",
                "Variables"));

    assertEquals(Map.of("Ref", "RestoreBucket"), env.get("AIRLOCK_BACKUP_DRILL_SCRATCH_BUCKET"));
    assertEquals("drill/", env.get("AIRLOCK_BACKUP_DRILL_SCRATCH_PREFIX"));
  }

  @Test
  void restoreFunction_shouldRunTheRestoreHandlerWithoutRetries_whenInvoked() {
    Map<String, Object> props = Templates.props(Templates.main(), "RestoreFunction");

    assertEquals("dev.airlock.backup.RestoreHandler", props.get("Handler"));
    assertEquals(
        0,
        ((Number) TemplatePolicy.path(props, "EventInvokeConfig", "MaximumRetryAttempts"))
            .intValue());
    assertTrue(
        props.get("Events") == null, "an operator invokes it; no schedule or queue may trigger it");
  }

  @Test
  void writableResources_shouldSeeAWiderGrant_whenAStatementWritesTheStateBucket() {
    Map<String, Object> template = Templates.main();
    List<Object> statements = Templates.statementList(template, "RestorePolicy");
    statements.add(
        Map.of(
            "Effect",
            "Allow",
            "Action",
            "s3:PutObject",
            "Resource",
            Map.of("Fn::Sub", "${StateBucket.Arn}/*")));

    assertTrue(writableResources(template, "RestorePolicy").contains("${StateBucket.Arn}/*"));
  }
}
