// Draws each dashboard chart from the JSON the page carries beside it (the same figures as the
// table under the chart, which stays the readable version without JavaScript).
(function () {
  "use strict";
  var palette = ["#1f5fa8", "#d9822b", "#1f7a3a", "#a10f0f", "#6b4fa0", "#4a5562"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    var spec = JSON.parse(source.textContent);
    var horizontal = !!spec.horizontal;
    var datasets = spec.datasets.map(function (d, i) {
      var colour = palette[i % palette.length];
      return { label: d.label, data: d.data, backgroundColor: colour, borderColor: colour,
               spanGaps: true, tension: 0.2, pointRadius: spec.labels.length > 40 ? 0 : 3 };
    });
    var value = { beginAtZero: spec.y_min === undefined, stacked: !!spec.stacked };
    if (spec.y_min !== undefined) value.min = spec.y_min;
    if (spec.y_max !== undefined) value.max = spec.y_max;
    var category = { stacked: !!spec.stacked };
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        scales: horizontal ? { x: value, y: category } : { x: category, y: value },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
