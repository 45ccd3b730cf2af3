/// <reference lib="dom" />
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBacktest, writeBacktestOutputs } from '../backtest/run';
import { runConfigSchema } from '../bots/config';
import { loadConfigFile } from '../config/load';
import type { Logger } from '../core/log';
import { launchChromium } from './support/chromium';

const EXAMPLE = join(__dirname, '..', 'examples', 'depeg-arb.yaml');
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

describe('report.html in headless Chromium', () => {
  it('renders every chart with data, offline, with no console error', async () => {
    const result = await runBacktest({ config: loadConfigFile(EXAMPLE, runConfigSchema), configFile: EXAMPLE, log: silent });
    const out = mkdtempSync(join(tmpdir(), 'repeg-report-'));
    writeBacktestOutputs(out, result);
    const browser = await launchChromium();
    if (!browser) return;
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      await page.waitForFunction(() => (window as unknown as { __repegReport?: unknown }).__repegReport !== undefined, undefined, { timeout: 20_000 });
      const charts = await page.evaluate(() => (window as unknown as { __repegReport: { charts: Record<string, { series: number; points: number }> } }).__repegReport.charts);
      expect(Object.keys(charts).sort()).toEqual(['equity', 'inventory', 'pnl', 'premium', 'price']);
      for (const [id, c] of Object.entries(charts)) {
        expect([id, c.series > 0 && c.points > 100]).toEqual([id, true]);
        // Each chart drew on a canvas of real size.
        const canvases = await page.$$eval(`#chart-${id} canvas`, (list) => list.map((c) => (c as HTMLCanvasElement).width * (c as HTMLCanvasElement).height));
        expect(Math.max(...canvases)).toBeGreaterThan(10_000);
      }
      expect(await page.textContent('#figures')).toContain('PnL total');
      expect(errors).toEqual([]);
      expect(requests).toEqual([]); // self-contained: nothing fetched
    } finally {
      await browser.close();
    }
  }, 90_000);
});
