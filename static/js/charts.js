// Charts from data placed in the page with json_script (no inline scripts).
// A chart element names its data with data-chart="<json_script id>" and its kind with data-kind.
(function () {
  function read(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  const builders = {
    rates(data) {
      return {
        tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "—" : v.toFixed(2) + "%") },
        legend: { data: [data.labels ? data.labels.enrolment : "入会率", data.labels ? data.labels.cards : "发证率"] },
        grid: { left: 40, right: 48, bottom: 80 },
        xAxis: { type: "category", data: data.names, axisLabel: { rotate: 30 } },
        yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        series: [
          { name: data.labels ? data.labels.enrolment : "入会率", type: "bar", data: data.enrolment,
            // the target's label sits inside the plot, above the line's end, so it never clips ("95%")
            markLine: { data: [{ yAxis: data.target }], symbol: "none", lineStyle: { color: "#dc3545" },
              label: { position: "insideEndTop", formatter: (p) => p.value + "%" } } },
          { name: data.labels ? data.labels.cards : "发证率", type: "bar", data: data.cards },
        ],
      };
    },
    // {kind:"bars", names:[...], series:[{name, data:[...]}], unit:"元"} (unionhome/charts.py).
    bars(data) {
      const unit = data.unit ? " " + data.unit : "";
      const shown = (v) => (v == null ? "—" : v.toLocaleString("zh-CN", { maximumFractionDigits: 2 }) + unit);
      return {
        tooltip: { trigger: "axis", valueFormatter: shown },
        legend: { data: data.series.map((s) => s.name) },
        grid: { left: 70, right: 10, bottom: 80 },
        xAxis: { type: "category", data: data.names, axisLabel: { rotate: data.names.length > 6 ? 30 : 0 } },
        yAxis: { type: "value", axisLabel: { formatter: (v) => v.toLocaleString("zh-CN") } },
        series: data.series.map((s, i) => Object.assign(
          { name: s.name, type: "bar", data: s.data },
          data.stacked ? { stack: "all" } : {},
          // the target's label sits inside the plot, above the line's end, so it never clips
          i === 0 && data.target != null ? { markLine: { data: [{ yAxis: data.target }], symbol: "none",
            lineStyle: { color: "#dc3545" }, label: { position: "insideEndTop", formatter: (p) => p.value + unit } } } : {},
        )),
      };
    },
    // Generic: {kind:"generic", option:{...}} lets an app pass a full ECharts option as data.
    generic(data) { return data.option; },
  };
  // ECharts' HTML tooltip writes inline style attributes (its markup and its colour dots), which
  // the Content-Security-Policy refuses (style-src 'self'). Every tooltip is drawn on the chart's
  // canvas instead ("richText"), kept inside the chart (confine); apps' options included.
  function canvasTooltips(option) {
    const onCanvas = (tooltip) => Object.assign(tooltip, { renderMode: "richText", confine: true });
    [].concat(option.tooltip || []).forEach(onCanvas);
    [].concat(option.series || []).forEach((series) => { if (series.tooltip) onCanvas(series.tooltip); });
    return option;
  }
  function render() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach((el) => {
      const data = read(el.dataset.chart);
      if (!data) return;
      const build = builders[data.kind || el.dataset.kind || "rates"];
      if (!build) return;
      const chart = window.echarts.init(el);
      chart.setOption(canvasTooltips(build(data)));
      window.addEventListener("resize", () => chart.resize());
    });
  }
  document.addEventListener("DOMContentLoaded", render);
})();
