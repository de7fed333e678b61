package dev.airlock.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of the core module, as a test: the domain imports no AWS SDK and, of
 * Micronaut, only the serialization and annotation APIs it needs for JSON. Classes the Micronaut
 * annotation processors generate ({@code $Introspection}) are framework glue and excluded.
 */
class CoreDependencyRulesTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airlock.core");

  private static final DescribedPredicate<JavaClass> HANDWRITTEN =
      DescribedPredicate.describe(
          "hand-written",
          c -> !c.getName().contains("$Introspection") && !c.getSimpleName().startsWith("$"));

  @Test
  void core_shouldNotDependOnAwsSdk() {
    noClasses()
        .that(HANDWRITTEN)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("software.amazon..", "com.amazonaws..")
        .check(CORE);
  }

  @Test
  void core_shouldUseOnlyMicronautJsonAndAnnotationApis() {
    noClasses()
        .that(HANDWRITTEN)
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "Micronaut outside serde/json/core.annotation",
                c ->
                    c.getPackageName().startsWith("io.micronaut")
                        && !c.getPackageName().startsWith("io.micronaut.serde")
                        && !c.getPackageName().startsWith("io.micronaut.json")
                        && !c.getPackageName().equals("io.micronaut.core.annotation")))
        .check(CORE);
  }

  @Test
  void core_shouldNotDependOnFunctionModules() {
    noClasses()
        .that(HANDWRITTEN)
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
            "dev.airlock.testkit..",
            "dev.airlock.local..")
        .check(CORE);
  }

  @Test
  void rules_shouldSeeTheCoreClasses() {
    org.junit.jupiter.api.Assertions.assertTrue(
        CORE.contain(dev.airlock.core.crypto.EnvelopeCipher.class),
        "importer found no core classes");
  }
}
