// PlanTrack's own script: the comparison chart and map, and drag-and-drop upload.
// Data comes from a JSON block the server escaped; nothing here builds HTML from text.
(function () {
  "use strict";

  function targetsUrl(item, chart) {
    var q = new URLSearchParams();
    // a figure without a region (its bar is named after its document) is not filtered by one
    if (item.code) { q.set("region_code", item.code); } else if (item.scope) { q.set("region", item.scope); }
    q.set("indicator_id", chart.indicator);
    q.set("kind", "target");
    if (chart.year) { q.set("year", chart.year); }
    return "/targets?" + q.toString();
  }

  function drawCompare() {
    var holder = document.getElementById("compare-data");
    if (!holder || typeof echarts === "undefined") { return; }
    var chart = JSON.parse(holder.textContent);
    var barEl = document.getElementById("bar-chart");
    var bar = echarts.init(barEl);
    bar.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      grid: { left: 80, right: 20, top: 30, bottom: 80 },
      xAxis: { type: "category", data: chart.bars.map(function (b) { return b.name; }),
               axisLabel: { rotate: 30 } },
      yAxis: { type: "value", name: chart.unit },
      series: [{ type: "bar", data: chart.bars.map(function (b) { return b.value; }) }]
    });
    bar.on("click", function (p) { window.location.href = targetsUrl(chart.bars[p.dataIndex], chart); });
    window.plantrackCharts = { bar: bar };

    fetch("/static/maps/china-provinces.json").then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("china", geo);
      var values = chart.provinces.map(function (p) { return { name: p.name, value: p.value, code: p.code }; });
      var max = values.reduce(function (m, v) { return Math.max(m, v.value); }, 0) || 1;
      var map = echarts.init(document.getElementById("map-chart"));
      map.setOption({
        animation: false,
        tooltip: { trigger: "item", formatter: function (p) {
          return p.name + (p.value === p.value && p.value !== undefined ? ": " + p.value + " " + chart.unit : ""); } },
        visualMap: { min: 0, max: max, left: 10, bottom: 10, calculable: true,
                     inRange: { color: ["#e0ecff", "#1f5fbf"] } },
        series: [{ type: "map", map: "china", roam: false, data: values,
                   emphasis: { label: { show: true } } }]
      });
      map.on("click", function (p) {
        if (p.data) { window.location.href = targetsUrl({ scope: p.data.name, code: p.data.code }, chart); }
      });
      window.plantrackCharts.map = map;
      document.getElementById("map-chart").setAttribute("data-ready", "1");
    });
    barEl.setAttribute("data-ready", "1");
  }

  function dropUpload() {
    var zone = document.getElementById("dropzone");
    var input = document.getElementById("upload-file");
    var form = document.getElementById("upload-form");
    if (!zone || !input || !form) { return; }
    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        form.submit();
      }
    });
    input.addEventListener("change", function () { if (input.files.length) { form.submit(); } });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCompare(); dropUpload(); });
})();
