// The HTML report's charts (sim/report_html.cpp): every chart is a Chart.js configuration
// in the JSON block #slsim-charts, drawn into the canvas of the same id. After drawing, each
// canvas gets data-drawn="1", and any script error lands in #slsim-errors: the headless
// browser test reads both from the DOM.
(function () {
  'use strict';
  function reportError(message) {
    var box = document.getElementById('slsim-errors');
    if (!box) return;
    box.hidden = false;
    box.textContent += message + '\n';
  }

  // Series arrive as y arrays next to one shared x array (smaller files): zip them.
  function zip(xs, ys) {
    var points = new Array(ys.length);
    for (var i = 0; i < ys.length; ++i) points[i] = {x: xs[i], y: ys[i]};
    return points;
  }

  function draw(spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) throw new Error('no canvas for chart ' + spec.id);
    var config = spec.config;
    if (spec.x) {
      config.data.datasets.forEach(function (d) { d.data = zip(spec.x, d.data); });
    }
    config.options = config.options || {};
    config.options.animation = false;            // drawn at once: printable, testable
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    config.plugins = [{
      id: 'slsimDrawn',
      afterRender: function (chart) { chart.canvas.setAttribute('data-drawn', '1'); }
    }];
    return new Chart(canvas, config);
  }

  function drawAll() {
    if (typeof Chart === 'undefined') {
      reportError('Chart.js did not load');
      return;
    }
    var block = document.getElementById('slsim-charts');
    var specs = JSON.parse(block.textContent);
    specs.forEach(function (spec) {
      try {
        draw(spec);
      } catch (e) {
        reportError('chart ' + spec.id + ': ' + e.message);
      }
    });
    document.body.setAttribute('data-charts', String(specs.length));
  }

  // Print at the page's width: Chart.js resizes on beforeprint.
  window.addEventListener('beforeprint', function () {
    Object.values(Chart.instances || {}).forEach(function (c) { c.resize(); });
  });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll);
  } else {
    drawAll();
  }
})();
