// Throughline site script: draws the charts (ECharts, shipped beside this
// file) and makes tables sortable and filterable. Pages read fine without it.
(function () {
  'use strict';
  var registry = {};
  window.throughline = { charts: registry };

  function initCharts() {
    if (!window.echarts) { return; }
    var els = document.querySelectorAll('[data-chart]');
    Array.prototype.forEach.call(els, function (el) {
      var src = document.getElementById(el.id + '_data');
      if (!src) { return; }
      var spec = JSON.parse(src.textContent);
      var chart = window.echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(spec.option);
      fit(chart, el);
      var links = spec.links || [];
      chart.on('click', function (p) {
        var s = links[p.seriesIndex];
        var u = s && s[p.dataIndex];
        if (u) { window.location.href = u; }
      });
      registry[el.id] = { chart: chart, ids: spec.ids || [], links: links };
    });
    function resize() {
      Object.keys(registry).forEach(function (k) {
        registry[k].chart.resize();
        fit(registry[k].chart, document.getElementById(k));
      });
    }
    window.addEventListener('resize', resize);
    window.addEventListener('beforeprint', resize);
  }

  // fit keeps a chart legible on a narrow screen: the names of shaded areas
  // (quadrants, the current period) would overprint the points there, and
  // the legend already carries them; period labels shorten to their start.
  function fit(chart, el) {
    var narrow = el.clientWidth < 560;
    var opt = chart.getOption();
    var series = (opt.series || []).map(function (s) {
      var out = {};
      if (s.markArea) { out.markArea = { label: { show: !narrow } }; }
      if (s.label && s.label.show) { out.label = { fontSize: narrow ? 10 : 12 }; }
      return out;
    });
    // Period labels name a range ("2025-03-03 – 2025-03-30"); on a narrow
    // screen the first date is enough, and the last label then fits.
    var xAxis = (opt.xAxis || []).map(function (a) {
      if (a.type !== 'category') { return {}; }
      return { axisLabel: { formatter: narrow ? function (v) { return String(v).split(' – ')[0]; } : null } };
    });
    chart.setOption({ series: series, xAxis: xAxis });
  }

  function key(td) {
    var s = td.getAttribute('data-sort');
    if (s !== null) {
      var f = parseFloat(s);
      return isNaN(f) ? s : f;
    }
    return td.textContent.trim().toLowerCase();
  }

  function compare(a, b) {
    if (typeof a === 'number' && typeof b === 'number') { return a - b; }
    if (a === '' && b !== '') { return 1; }
    if (b === '' && a !== '') { return -1; }
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }

  function makeSortable(table) {
    var ths = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(ths, function (th, col) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = th.textContent;
      th.textContent = '';
      th.appendChild(btn);
      btn.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(ths, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (r, i) { r._i = i; });
        rows.sort(function (a, b) {
          var c = compare(key(a.cells[col]), key(b.cells[col]));
          return (asc ? c : -c) || a._i - b._i;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function makeFilter(input) {
    var table = document.getElementById(input.getAttribute('data-filter'));
    if (!table) { return; }
    var count = input.parentNode.parentNode.querySelector('.count');
    input.parentNode.parentNode.hidden = false;
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var hit = q === '' || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !hit;
        if (hit) { shown++; }
      });
      if (count) { count.textContent = q === '' ? '' : shown + ' shown'; }
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll('input[data-filter]'), makeFilter);
    initCharts();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
