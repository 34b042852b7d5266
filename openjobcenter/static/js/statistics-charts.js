// Press text page: the copy button copies the (possibly edited) text of its textarea. Without
// JavaScript the button stays hidden and the text is selected and copied by hand.
(function () {
  "use strict";

  function enhanceCopy(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () {
        if (status) {
          status.textContent = button.getAttribute("data-copied") || "";
        }
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(target.value).then(done, function () {
          target.select();
          document.execCommand("copy");
          done();
        });
      } else {
        target.select();
        document.execCommand("copy");
        done();
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy-target]"), enhanceCopy);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// Charts of the statistics pages, drawn from the data tables next to them (progressive enhancement:
// without JavaScript, or when Chart.js is missing, the tables alone carry every figure).
//
// Markup: <figure class="ojc-stat-chart" data-chart="line|bar"> with a <table data-chart-table>.
// Header cells marked data-series name the data sets; body rows are the points (the row header is the
// label); each cell's data-value is the number ("" for none). A row with data-highlight is drawn in
// the highlight colour (bar charts). Colours come from CSS custom properties, so no inline style and
// no colour lives in this file.
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") {
    return;
  }
  var Chart = window.Chart;

  function cssVar(element, name, fallback) {
    var value = window.getComputedStyle(element).getPropertyValue(name).trim();
    return value || fallback;
  }

  function numberOrNull(text) {
    if (text === null || text === undefined || text === "") {
      return null;
    }
    var value = Number(text);
    return Number.isFinite(value) ? value : null;
  }

  function readTable(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var seriesColumns = [];
    headers.forEach(function (th, index) {
      if (th.hasAttribute("data-series")) {
        seriesColumns.push({ index: index, label: th.getAttribute("data-series") || th.textContent.trim() });
      }
    });
    var labels = [];
    var highlight = [];
    var values = seriesColumns.map(function () { return []; });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      var cells = row.children;
      labels.push(row.getAttribute("data-label") || cells[0].textContent.trim());
      highlight.push(row.hasAttribute("data-highlight"));
      seriesColumns.forEach(function (column, i) {
        var cell = cells[column.index];
        values[i].push(cell ? numberOrNull(cell.getAttribute("data-value")) : null);
      });
    });
    return { labels: labels, highlight: highlight, series: seriesColumns, values: values };
  }

  function formatter(locale, unit) {
    var format = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    return function (value) {
      return value === null || value === undefined ? "–" : format.format(value) + (unit ? "\u00a0" + unit : "");
    };
  }

  function baseOptions(figure, rtl, format) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false, // figures appear at once: no motion, and screenshots show the final chart
      locale: document.documentElement.lang || "de",
      plugins: {
        legend: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr", labels: { color: cssVar(figure, "--ojc-stat-text", "#131525") } },
        tooltip: {
          rtl: rtl,
          textDirection: rtl ? "rtl" : "ltr",
          callbacks: {
            label: function (context) {
              return context.dataset.label + ": " + format(context.parsed[context.chart.options.indexAxis === "y" ? "x" : "y"]);
            },
          },
        },
      },
    };
  }

  function lineChart(figure, data, rtl, format) {
    var colours = [
      cssVar(figure, "--ojc-stat-series-1", "#004b76"),
      cssVar(figure, "--ojc-stat-series-2", "#b3541e"),
      cssVar(figure, "--ojc-stat-series-3", "#2e7d32"),
      cssVar(figure, "--ojc-stat-series-4", "#6a1b9a"),
    ];
    var dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
    var options = baseOptions(figure, rtl, format);
    options.scales = {
      x: { reverse: rtl, ticks: { color: cssVar(figure, "--ojc-stat-text", "#131525"), autoSkip: true, maxRotation: 0 } },
      y: {
        position: rtl ? "right" : "left",
        ticks: { color: cssVar(figure, "--ojc-stat-text", "#131525"), callback: function (value) { return format(value); } },
        grid: { color: cssVar(figure, "--ojc-stat-grid", "#e0e1e8") },
      },
    };
    options.interaction = { mode: "index", intersect: false };
    return {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, i) {
          return {
            label: series.label,
            data: data.values[i],
            borderColor: colours[i % colours.length],
            backgroundColor: colours[i % colours.length],
            borderDash: dashes[i % dashes.length],
            borderWidth: 2.5,
            pointRadius: data.labels.length > 30 ? 0 : 3,
            spanGaps: true,
            tension: 0,
          };
        }),
      },
      options: options,
    };
  }

  function barChart(figure, data, rtl, format) {
    var base = cssVar(figure, "--ojc-stat-bar", "#8fa8c8");
    var strong = cssVar(figure, "--ojc-stat-highlight", "#004b76");
    var options = baseOptions(figure, rtl, format);
    options.indexAxis = "y";
    options.plugins.legend = { display: false };
    options.scales = {
      x: {
        reverse: rtl,
        beginAtZero: true,
        ticks: { color: cssVar(figure, "--ojc-stat-text", "#131525"), callback: function (value) { return format(value); } },
        grid: { color: cssVar(figure, "--ojc-stat-grid", "#e0e1e8") },
      },
      y: {
        position: rtl ? "right" : "left",
        ticks: {
          autoSkip: false,
          color: cssVar(figure, "--ojc-stat-text", "#131525"),
          font: function (context) {
            return { weight: data.highlight[context.index] ? "bold" : "normal" };
          },
        },
        grid: { display: false },
      },
    };
    return {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: data.series.length ? data.series[0].label : "",
            data: data.values[0] || [],
            backgroundColor: data.highlight.map(function (h) { return h ? strong : base; }),
            borderColor: data.highlight.map(function (h) { return h ? strong : base; }),
            borderWidth: 1,
            barPercentage: 0.85,
            categoryPercentage: 0.9,
          },
        ],
      },
      options: options,
    };
  }

  function enhance(figure) {
    var table = figure.querySelector("table[data-chart-table]");
    if (!table) {
      return;
    }
    var data = readTable(table);
    if (!data.labels.length || !data.series.length) {
      return;
    }
    var rtl = document.documentElement.dir === "rtl";
    var format = formatter(document.documentElement.lang || "de", figure.getAttribute("data-unit") || "");
    var kind = figure.getAttribute("data-chart");
    var config = kind === "bar" ? barChart(figure, data, rtl, format) : lineChart(figure, data, rtl, format);

    var holder = document.createElement("div");
    holder.className = "ojc-stat-chart__canvas ojc-stat-chart__canvas--" + (kind === "bar" ? "bar" : "line");
    if (kind === "bar") {
      // One bar every ~1.6rem keeps the district names readable; the CSS sets no height for bars.
      holder.style.height = Math.max(160, data.labels.length * 26 + 48) + "px";
    }
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    var caption = figure.querySelector("figcaption");
    var tableCaption = table.querySelector("caption");
    canvas.setAttribute(
      "aria-label",
      (caption ? caption.textContent.trim() : "") + " " + (figure.getAttribute("data-chart-hint") || "")
    );
    if (tableCaption && tableCaption.id) {
      canvas.setAttribute("aria-describedby", tableCaption.id);
    }
    holder.appendChild(canvas);
    var anchor = figure.querySelector("[data-chart-anchor]") || table.closest(".kern-table-responsive") || table;
    anchor.parentNode.insertBefore(holder, anchor);
    figure.classList.add("ojc-stat-chart--drawn");
    figure.chart = new Chart(canvas, config);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.ojc-stat-chart"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
