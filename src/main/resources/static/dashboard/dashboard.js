// The dashboard's own script: draws the charts a page declares. A chart is a
// <div class="chart" data-spec="JSON"> with the JSON of the server's ChartSpec:
// {"time": true|false, "bars": true|false, "x": [...], "labels": [...]?, "series": [{"label", "color", "values"}]}
// Data in an attribute is never executed, so the page's content security policy allows no inline script.
(function () {
	'use strict';

	function draw(root) {
		if (typeof uPlot === 'undefined') {
			return;
		}
		var charts = Array.from(root.querySelectorAll('[data-spec]'));
		if (root.matches && root.matches('[data-spec]')) {
			charts.push(root);
		}
		charts.forEach(function (element) {
			var spec = JSON.parse(element.dataset.spec);
			element.replaceChildren();
			if (!spec.x.length) {
				var empty = document.createElement('p');
				empty.className = 'note';
				empty.textContent = spec.empty || 'Nothing to show yet.';
				element.appendChild(empty);
				return;
			}
			var labels = spec.labels || null;
			var series = [{
				label: spec.time ? 'Time' : (spec.xLabel || ''),
				value: labels ? function (u, v) { return v == null ? '' : labels[v]; } : undefined
			}];
			spec.series.forEach(function (s) {
				var line = { label: s.label, stroke: s.color, width: 2 };
				if (spec.bars) {
					line.fill = s.color;
					line.paths = uPlot.paths.bars({ size: [0.7, 48] });
					line.points = { show: false };
				}
				series.push(line);
			});
			var axes = [{}, { size: 60 }];
			if (labels) {
				axes[0] = { values: function (u, ticks) { return ticks.map(function (t) { return labels[t] || ''; }); },
					splits: function () { return labels.map(function (l, i) { return i; }); } };
			}
			var options = {
				width: Math.max(element.clientWidth, 280),
				height: 240,
				series: series,
				axes: axes,
				scales: { x: { time: !!spec.time }, y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } } },
				// a chart by category has its figures in the table beside it
				legend: { live: !labels }
			};
			if (labels) {
				options.scales.x.range = function () { return [-0.5, labels.length - 0.5]; };
			}
			var plot = new uPlot(options, [spec.x].concat(spec.series.map(function (s) { return s.values; })), element);
			new ResizeObserver(function () {
				plot.setSize({ width: Math.max(element.clientWidth, 280), height: 240 });
			}).observe(element);
		});
	}

	// htmx (loaded before this script) calls this for the page once loaded, and for
	// every part it swaps in later
	if (window.htmx) {
		htmx.onLoad(draw);
	}
	else {
		document.addEventListener('DOMContentLoaded', function () { draw(document); });
	}
	// A field's error swapped in beside it (the schedule form's cron and zone, checked as
	// they are typed) marks its input invalid, or valid again, for screen readers.
	document.addEventListener('htmx:afterSettle', function () {
		document.querySelectorAll('.field-error[data-field]').forEach(function (error) {
			var input = document.getElementById(error.dataset.field);
			if (input) {
				if (error.textContent.trim()) {
					input.setAttribute('aria-invalid', 'true');
				}
				else {
					input.removeAttribute('aria-invalid');
				}
			}
		});
	});
	// Leaving a page aborts its event streams, which htmx would log as errors: close them first.
	window.addEventListener('pagehide', function () {
		if (window.htmx) {
			document.querySelectorAll('[sse-connect]').forEach(function (element) {
				htmx.trigger(element, 'htmx:beforeCleanupElement');
			});
		}
	});
})();
