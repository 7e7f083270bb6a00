/* Charts of the indicator pages (ECharts, vendored under static/vendor/echarts — no CDN). Every chart has a table
   view next to it; the colours of a gauge repeat the traffic-light text shown under it. Charts re-render after an
   HTMX swap. */
(function () {
  "use strict";
  var GREEN = "#198754", AMBER = "#e0a800", RED = "#dc3545";

  function init(el) {
    var old = echarts.getInstanceByDom(el);
    if (old) { old.dispose(); }
    return echarts.init(el, null, { renderer: "svg" });
  }

  function gauge(el) {
    var value = parseFloat(el.dataset.value);
    var target = el.dataset.target === "" ? null : parseFloat(el.dataset.target);
    var lte = el.dataset.comparator === "lte";
    var unit = el.dataset.unit || "";
    var max = unit === "%" ? 100 : Math.max(value, target || 0) * 1.25 || 1;
    if (lte && target !== null) { max = Math.max(target * 2, value * 1.1); }
    if (value > max) { max = value * 1.1; }
    var bands = [[1, "#adb5bd"]];
    if (target !== null) {
      var slack = target * 0.1;
      bands = lte
        ? [[target / max, GREEN], [Math.min((target + slack) / max, 1), AMBER], [1, RED]]
        : [[Math.max((target - slack) / max, 0), RED], [target / max, AMBER], [1, GREEN]];
    }
    init(el).setOption({
      series: [{
        type: "gauge", min: 0, max: Math.round(max * 100) / 100, radius: "95%", center: ["50%", "60%"],
        startAngle: 200, endAngle: -20, splitNumber: 4,
        axisLine: { lineStyle: { width: 10, color: bands } },
        axisLabel: { fontSize: 9, distance: 12, formatter: function (v) { return String(Math.round(v * 10) / 10); } },
        splitLine: { length: 8 }, axisTick: { show: false },
        pointer: { width: 4 }, detail: { show: false }, data: [{ value: value }]
      }]
    });
  }

  function series(el, type) {
    var data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    init(el).setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "暂无数据" : v + " " + data.unit; } },
      grid: { left: 48, right: 16, top: 24, bottom: 72 },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 6 ? 35 : 0, fontSize: 10 } },
      yAxis: { type: "value", name: data.unit, nameTextStyle: { fontSize: 10 } },
      series: [{ name: data.name, type: type, data: data.values, connectNulls: false, itemStyle: { color: "#8b1a1a" },
                 label: { show: type === "bar", position: "top", fontSize: 10 } }]
    });
  }

  function render(root) {
    if (typeof echarts === "undefined") { return; }
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.offsetParent === null && el.dataset.chart !== "gauge") {
        el.dataset.pending = "1";  // inside a hidden tab: drawn when shown
        return;
      }
      if (el.dataset.chart === "gauge") { gauge(el); } else { series(el, el.dataset.chart); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSwap", function (event) { render(event.target); });
  document.addEventListener("shown.bs.tab", function (event) {
    var pane = document.querySelector(event.target.dataset.bsTarget);
    if (pane) { render(pane); }
  });
  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (chart) { chart.resize(); }
    });
  });
})();
