package io.imagebatch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package-by-feature structure, kept by tests rather than by good intentions.
 */
class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
		.importPackages("io.imagebatch");

	@Test
	void featuresDoNotDependOnEachOtherInCycles() {
		slices().matching("io.imagebatch.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void onlyTheCommandLineDependsOnTheCommandLine() {
		noClasses().that()
			.resideOutsideOfPackages("io.imagebatch.cli..", "io.imagebatch")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.imagebatch.cli..")
			.check(this.classes);
	}

	@Test
	void theFoundationsDependOnNoFeature() {
		noClasses().that()
			.resideInAnyPackage("io.imagebatch.system..", "io.imagebatch.storage..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.imagebatch.run..", "io.imagebatch.input..", "io.imagebatch.cost..",
					"io.imagebatch.gateway..")
			.check(this.classes);
	}

	@Test
	void theGatewayClientKnowsNothingOfRunsStorageOrCost() {
		noClasses().that()
			.resideInAPackage("io.imagebatch.gateway..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.imagebatch.run..", "io.imagebatch.storage..", "io.imagebatch.cost..",
					"io.imagebatch.input..")
			.check(this.classes);
	}

}
