package io.imagebatch.dashboard;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chart as {@code dashboard.js} draws it with uPlot, written into the page as JSON in
 * the chart element's {@code data-spec} attribute (never executed, so the page's content
 * security policy needs no inline script).
 *
 * @param time whether x holds epoch seconds
 * @param bars whether to draw bars rather than lines
 * @param x the x values: epoch seconds, or the indexes of {@code labels}
 * @param labels names of the x values, for a chart by category
 * @param series the lines or bars
 * @param empty what to say when there is nothing to draw
 */
record ChartSpec(boolean time, boolean bars, List<? extends Number> x, @Nullable List<String> labels,
		List<Series> series, String empty) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The chart as JSON that is safe inside a {@code <script>} element: no {@code <},
	 * {@code >} or {@code &} appears outside an escape, so no label can end the element.
	 */
	public String json() {
		return JSON.writeValueAsString(this).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
	}

	/**
	 * One line or set of bars.
	 *
	 * @param label its name in the legend
	 * @param color its colour
	 * @param values one per x value; {@code null} for a gap
	 */
	record Series(String label, String color, List<? extends @Nullable Number> values) {

	}

}
