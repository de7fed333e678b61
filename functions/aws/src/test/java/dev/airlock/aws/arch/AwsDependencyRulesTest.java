package dev.airlock.aws.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The aws module's dependency rule: shared adapters never depend on a function module (functions
 * depend on them, not the other way round), and only the composition root ({@code config}) knows
 * Micronaut's runtime; the adapters are plain classes anyone can construct.
 */
class AwsDependencyRulesTest {

  private static final JavaClasses AWS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airlock.aws");

  @Test
  void aws_shouldNotDependOnFunctionModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.airlock.webhook..",
            "dev.airlock.analyze..",
            "dev.airlock.analyzers..",
            "dev.airlock.billing..",
            "dev.airlock.backup..",
            "dev.airlock.accounts..",
            "dev.airlock.testkit..",
            "dev.airlock.local..",
            "dev.airlock.emulators..")
        .check(AWS);
  }

  @Test
  void adapters_shouldNotDependOnMicronaut() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.airlock.aws.s3..",
            "dev.airlock.aws.kms..",
            "dev.airlock.aws.sqs..",
            "dev.airlock.aws.secrets..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micronaut.context..", "io.micronaut.inject..", "jakarta.inject..")
        .check(AWS);
  }
}
