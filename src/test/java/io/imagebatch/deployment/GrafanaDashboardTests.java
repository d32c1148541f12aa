package io.imagebatch.deployment;

import java.nio.file.Path;

class GrafanaDashboardTests {

	static final Path BOARD = HelmChartTests.CHART.resolve("dashboards/imagebatch.json");

}
