package io.longrun;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.longrun");

    @Test
    void theDomainDependsOnNothingButItselfAndTheJdk() {
        classes().that().resideInAPackage("io.longrun.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.longrun.domain..", "java..")
                .check(MAIN);
    }

    @Test
    void theApplicationKnowsNoAdapter() {
        noClasses().that().resideInAPackage("io.longrun.application..")
                .should().dependOnClassesThat().resideInAPackage("io.longrun.adapter..")
                .check(MAIN);
    }

    @Test
    void adaptersDoNotReachIntoEachOther() {
        noClasses().that().resideInAPackage("io.longrun.adapter.in..")
                .should().dependOnClassesThat().resideInAPackage("io.longrun.adapter.out..")
                .check(MAIN);
    }
}
