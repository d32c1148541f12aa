package io.imagebatch;

import java.util.Arrays;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
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
					"io.imagebatch.gateway..", "io.imagebatch.catalog..", "io.imagebatch.simulator..",
					"io.imagebatch.embedded..")
			.check(this.classes);
	}

	@Test
	void theCatalogDependsOnNoFeature() {
		dependsOnlyOn("catalog", "system").check(this.classes);
	}

	@Test
	void theSimulatorDependsOnlyOnTheCatalog() {
		// system for the one SHA-256 of what it serves
		dependsOnlyOn("simulator", "catalog", "system").check(this.classes);
	}

	@Test
	void theGatewayClientKnowsNothingOfTheSimulatorOrOtherEmbeddedParts() {
		noClasses().that()
			.resideInAPackage("io.imagebatch.gateway..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.imagebatch.simulator..", "io.imagebatch.embedded..")
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

	@Test
	void anEstimateCreatesNoRunStoresNothingAndCallsNoGateway() {
		noClasses().that()
			.resideInAPackage("io.imagebatch.estimate..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.imagebatch.cli..", "io.imagebatch.storage..")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("io.imagebatch.run.Runs")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("io.imagebatch.cost.CostLedger")
			.orShould()
			.callMethod("io.imagebatch.gateway.Gateway", "generate", "io.imagebatch.gateway.ImageRequest")
			.check(this.classes);
	}

	@Test
	void theWebLayerExistsOnlyInServe() {
		// a command line boots no web server: its beans (and the store they need) stay
		// out of every other command
		classes().that()
			.resideInAnyPackage("io.imagebatch.web..", "io.imagebatch.dashboard..")
			.and()
			.areAnnotatedWith(org.springframework.stereotype.Component.class)
			.or()
			.resideInAnyPackage("io.imagebatch.web..", "io.imagebatch.dashboard..")
			.and()
			.areMetaAnnotatedWith(org.springframework.stereotype.Component.class)
			.should()
			.beAnnotatedWith(org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.class)
			.check(this.classes);
	}

	@Test
	void nothingDependsOnTheDashboard() {
		// pages sit on top of the modules' APIs; no rule may move into them
		noClasses().that()
			.resideOutsideOfPackages("io.imagebatch.dashboard..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.imagebatch.dashboard..")
			.check(this.classes);
	}

	@Test
	void schedulesSubmitRunsThroughTheRunModulesApiAndOnlyTheFrontEndsUseThem() {
		// a firing is a run request like any other; the run module knows no schedule
		noClasses().that()
			.resideOutsideOfPackages("io.imagebatch.schedule..", "io.imagebatch.cli..", "io.imagebatch.web..",
					"io.imagebatch.dashboard..", "io.imagebatch.metrics..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.imagebatch.schedule..")
			.check(this.classes);
	}

	@Test
	void nothingDependsOnTheMetrics() {
		noClasses().that()
			.resideOutsideOfPackages("io.imagebatch.metrics..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.imagebatch.metrics..")
			.check(this.classes);
	}

	@Test
	void theWorkTellsTheMetricsWhatHappensWithoutKnowingMicrometer() {
		noClasses().that()
			.resideInAnyPackage("io.imagebatch.run..", "io.imagebatch.gateway..", "io.imagebatch.ratelimit..",
					"io.imagebatch.cost..", "io.imagebatch.storage..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.micrometer..")
			.check(this.classes);
	}

	/**
	 * The module's classes depend on no class of {@code io.imagebatch} but their own
	 * module's and the allowed ones' (the root package, home of the application, counts).
	 */
	private static ArchRule dependsOnlyOn(String module, String... allowed) {
		String[] own = Stream.concat(Stream.of(module), Arrays.stream(allowed))
			.map((name) -> "io.imagebatch." + name + "..")
			.toArray(String[]::new);
		return noClasses().that()
			.resideInAPackage("io.imagebatch." + module + "..")
			.should()
			.dependOnClassesThat(resideInAPackage("io.imagebatch..").and(not(resideInAnyPackage(own))));
	}

}
