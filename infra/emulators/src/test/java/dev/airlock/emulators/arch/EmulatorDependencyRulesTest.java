package dev.airlock.emulators.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The stand-ins are Airlock's peers, not Airlock: they speak the AWS and git wire protocols and
 * must not borrow Airlock's own code (a bug shared by both sides would pass every test), nor
 * Micronaut (they run in tests and the local stack alike, without a context).
 */
class EmulatorDependencyRulesTest {
  private static final JavaClasses EMULATORS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airlock.emulators");

  @Test
  void emulators_shouldNotDependOnAirlocksOwnModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.airlock.core..",
            "dev.airlock.aws..",
            "dev.airlock.webhook..",
            "dev.airlock.analyze..",
            "dev.airlock.analyzers..",
            "dev.airlock.billing..",
            "dev.airlock.backup..",
            "dev.airlock.accounts..",
            "dev.airlock.testkit..",
            "dev.airlock.local..")
        .check(EMULATORS);
  }

  @Test
  void emulators_shouldNotDependOnMicronaut() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micronaut..")
        .check(EMULATORS);
  }
}
