// The dashboard's own script: draws the charts a page declares. A chart is a
// <div class="chart" data-chart="ID"> with its data in <script type="application/json" id="ID">:
// {"time": true|false, "bars": true|false, "x": [...], "labels": [...]?, "ticks": [...]?, "series": [{"label", "color", "values"}]}
// Data blocks are never executed, so the page's content security policy allows no inline script.
(function () {
	'use strict';

	function draw(root) {
		if (typeof uPlot === 'undefined') {
			return;
		}
		root.querySelectorAll('[data-chart]').forEach(function (element) {
			var source = document.getElementById(element.dataset.chart);
			if (!source) {
				return;
			}
			var spec = JSON.parse(source.textContent);
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
				// short tick names (spec.ticks) when the labels are too long to sit side by side
				var names = spec.ticks || labels;
				axes[0] = { values: function (u, ticks) { return ticks.map(function (t) { return names[t] || ''; }); },
					splits: function () { return labels.map(function (l, i) { return i; }); } };
			}
			var options = {
				width: Math.max(element.clientWidth, 280),
				height: 240,
				series: series,
				axes: axes,
				scales: { x: { time: !!spec.time }, y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } } },
				legend: { live: true }
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

	document.addEventListener('DOMContentLoaded', function () { draw(document); });
	document.addEventListener('htmx:afterSettle', function (event) { draw(event.detail.elt); });
})();
