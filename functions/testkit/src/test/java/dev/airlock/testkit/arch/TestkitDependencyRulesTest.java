package dev.airlock.testkit.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Test support serves every module's tests, so it may know the stand-ins but no function module (a
 * function's tests depend on the testkit; the testkit depending back would be a cycle) and no
 * Airlock adapter (tests must exercise the real adapters, not the testkit's idea of them).
 */
class TestkitDependencyRulesTest {
  private static final JavaClasses TESTKIT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airlock.testkit");

  @Test
  void testkit_shouldNotDependOnFunctionModulesOrAdapters() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.airlock.aws..",
            "dev.airlock.webhook..",
            "dev.airlock.analyze..",
            "dev.airlock.analyzers..",
            "dev.airlock.billing..",
            "dev.airlock.backup..",
            "dev.airlock.accounts..",
            "dev.airlock.local..")
        .check(TESTKIT);
  }
}
