package dev.airlock.analyzers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The analyzers run inside the sandbox with an empty environment: no AWS SDK, no Micronaut, nothing
 * of Airlock's core (which brings Micronaut serde). Small and fast to start.
 */
@AnalyzeClasses(
    packages = "dev.airlock.analyzers",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noCloudOrFrameworkDependencies =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "software.amazon..", "com.amazonaws..", "io.micronaut..", "dev.airlock.core..");

  @ArchTest
  static final ArchRule sarifStandsAlone =
      noClasses()
          .that()
          .resideInAPackage("dev.airlock.analyzers.sarif..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.airlock.analyzers.secrets..",
              "dev.airlock.analyzers.pmd..",
              "net.sourceforge.pmd..");

  @ArchTest
  static final ArchRule secretsScannerDoesNotUsePmd =
      noClasses()
          .that()
          .resideInAPackage("dev.airlock.analyzers.secrets..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("net.sourceforge.pmd..");

  @Test
  void classpath_shouldHoldNoAwsSdkOrMicronaut_whenTheModuleRuns() {
    assertThrows(
        ClassNotFoundException.class, () -> Class.forName("software.amazon.awssdk.core.SdkBytes"));
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("io.micronaut.core.annotation.Introspected"));
    assertThrows(
        ClassNotFoundException.class, () -> Class.forName("dev.airlock.core.message.AnalysisJob"));
  }
}
