import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ReportData } from './data';

/** The chart library, inlined so the report works offline (no CDN). */
function chartLibrary(): string {
  // The package exports only its ES modules; the standalone build sits beside them in dist/.
  const root = dirname(require.resolve('lightweight-charts/package.json'));
  return readFileSync(join(root, 'dist', 'lightweight-charts.standalone.production.js'), 'utf8');
}

const COLORS = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c'];

/** One self-contained HTML file: the figures table and interactive charts (TradingView lightweight-charts). */
export function reportHtml(data: ReportData): string {
  // `</script>` inside the JSON would end the script element early.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>repeg backtest: ${escapeHtml(data.title)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #212529; }
  h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
  table { border-collapse: collapse; } td { padding: 3px 12px 3px 0; } td:first-child { color: #868e96; }
  .chart { height: 320px; width: 100%; } .legend { font-size: 12px; color: #495057; margin: 4px 0; }
  .legend span { margin-right: 14px; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
</style>
</head>
<body>
<h1>Backtest: ${escapeHtml(data.title)}</h1>
<table id="figures">${data.figures.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<h2>Token price vs fair value, with the strategy's trades</h2><div class="legend" id="legend-price"></div><div class="chart" id="chart-price"></div>
<h2>Premium / discount to fair value (%)</h2><div class="legend" id="legend-premium"></div><div class="chart" id="chart-premium"></div>
<h2>Equity curve (USD) and drawdown</h2><div class="legend" id="legend-equity"></div><div class="chart" id="chart-equity"></div>
<h2>Inventory per asset</h2><div class="legend" id="legend-inventory"></div><div class="chart" id="chart-inventory"></div>
<h2>PnL decomposition, cumulative (USD)</h2><div class="legend" id="legend-pnl"></div><div class="chart" id="chart-pnl"></div>
<script>${chartLibrary()}</script>
<script>
const DATA = ${json};
const COLORS = ${JSON.stringify(COLORS)};
const LC = LightweightCharts;
const rendered = {};
function chart(id, lines, options) {
  const el = document.getElementById('chart-' + id);
  const c = LC.createChart(el, { autoSize: true, timeScale: { timeVisible: true, secondsVisible: false, minBarSpacing: 0.001 }, rightPriceScale: { borderVisible: false } });
  const legend = document.getElementById('legend-' + id);
  let points = 0;
  lines.forEach((line, i) => {
    const color = line.color || COLORS[i % COLORS.length];
    const type = line.area ? LC.AreaSeries : LC.LineSeries;
    const style = line.area ? { lineColor: color, topColor: color + '00', bottomColor: color + '55', lineWidth: 1 } : { color, lineWidth: line.width || 2 };
    const s = c.addSeries(type, { ...style, priceScaleId: line.scale || 'right', title: '' });
    s.setData(line.points.map(([time, value]) => ({ time, value })));
    // Labels only while they stay readable; the arrows always show.
    if (line.markers && line.markers.length) LC.createSeriesMarkers(s, line.markers.length > 40 ? line.markers.map((m) => ({ ...m, text: '' })) : line.markers);
    points += line.points.length;
    legend.insertAdjacentHTML('beforeend', '<span><i style="background:' + color + '"></i>' + line.name + '</span>');
  });
  if (options && options.left) c.priceScale('left').applyOptions({ visible: true });
  c.timeScale().fitContent();
  rendered[id] = { series: lines.length, points };
}
const tokens = Object.keys(DATA.prices);
chart('price', tokens.flatMap((t) => [
  { name: t + ' market', points: DATA.prices[t].market, markers: DATA.prices[t].markers },
  { name: t + ' fair value', points: DATA.prices[t].fair, width: 1 },
]));
chart('premium', Object.entries(DATA.premium).map(([t, p]) => ({ name: t, points: p })));
chart('equity', [
  { name: 'NAV', points: DATA.equity.nav },
  { name: 'drawdown (left scale)', points: DATA.equity.drawdown, area: true, scale: 'left', color: '#e03131' },
], { left: true });
chart('inventory', Object.entries(DATA.inventory).map(([a, p]) => ({ name: a, points: p })));
chart('pnl', Object.entries(DATA.pnl).map(([k, p]) => ({ name: k, points: p })));
window.__repegReport = { charts: rendered };
</script>
</body>
</html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
