import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: `.ci/run` installs it (apt-get install chromium). Never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Launches headless Chromium, or returns undefined with a message when it is not installed on a developer's
 * machine. In CI (CI=true) a missing browser is an error: the browser tests must run there.
 */
export async function launchChromium(): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run must install Debian's chromium`);
    console.warn(`browser test not run: ${CHROMIUM} is not installed (apt-get install chromium)`);
    return undefined;
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
