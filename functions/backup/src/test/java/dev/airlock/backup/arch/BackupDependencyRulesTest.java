package dev.airlock.backup.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The backup module's dependency rule: the domain and its ports know neither AWS nor Micronaut's
 * runtime (only serde annotations for its JSON records); handlers and the operations facade touch
 * no AWS client; nothing depends on another function module or on test support.
 */
class BackupDependencyRulesTest {
  private static final JavaClasses BACKUP =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airlock.backup");

  /** Annotation processors generate {@code $Introspection} classes: framework glue, excluded. */
  private static final DescribedPredicate<JavaClass> HANDWRITTEN =
      DescribedPredicate.describe(
          "hand-written",
          c -> !c.getName().contains("$Introspection") && !c.getSimpleName().startsWith("$"));

  @Test
  void domainAndPorts_shouldNotDependOnAwsOrMicronautRuntime() {
    noClasses()
        .that(HANDWRITTEN)
        .and()
        .resideInAnyPackage("dev.airlock.backup.domain..", "dev.airlock.backup.port..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "software.amazon..",
            "com.amazonaws..",
            "io.micronaut.context..",
            "io.micronaut.inject..",
            "io.micronaut.function..",
            "jakarta.inject..",
            "dev.airlock.aws..",
            "dev.airlock.backup.adapter..",
            "dev.airlock.backup.config..")
        .check(BACKUP);
  }

  @Test
  void handlersAndOperations_shouldNotTouchAwsClients() {
    noClasses()
        .that(HANDWRITTEN)
        .and()
        .resideInAPackage("dev.airlock.backup")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "software.amazon..", "dev.airlock.aws..", "dev.airlock.backup.adapter..")
        .check(BACKUP);
  }

  @Test
  void backup_shouldNotDependOnOtherFunctionsOrTestSupport() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.airlock.webhook..",
            "dev.airlock.analyze..",
            "dev.airlock.analyzers..",
            "dev.airlock.billing..",
            "dev.airlock.accounts..",
            "dev.airlock.testkit..",
            "dev.airlock.emulators..",
            "dev.airlock.local..")
        .check(BACKUP);
  }
}
