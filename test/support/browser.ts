/**
 * A real browser for the console's end-to-end tests: Debian's Chromium driven by playwright-core
 * (no browser download). `.ci/run` installs the `chromium` package where it is missing.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Outside CI a machine without Chromium skips the browser tests, and says so; in CI they must run. */
export const browserAvailable = existsSync(CHROMIUM_PATH) || process.env.CI === 'true';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // As root in a container there is no sandbox to use; background networking would try the internet.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
