package dev.airlock.local.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The local stack runs every function as Lambda would: through its handler or its public domain
 * entry points, never by reaching into a function's adapters, so what runs locally is what ships;
 * and it never uses test support (the jar ships without the testkit). The one exception is the
 * webhook's JSON codec, which its Javadoc offers to tests and the CLI.
 */
class LocalDependencyRulesTest {
  private static final JavaClasses LOCAL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airlock.local");

  @Test
  void local_shouldNotReachIntoFunctionAdaptersOrTestSupport() {
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                    "dev.airlock.webhook.adapter..",
                    "dev.airlock.analyze.adapter..",
                    "dev.airlock.billing.adapter..",
                    "dev.airlock.backup.adapter..",
                    "dev.airlock.accounts.adapter..",
                    "dev.airlock.testkit..")
                .and(not(simpleName("SerdeJsonCodec"))))
        .check(LOCAL);
  }
}
