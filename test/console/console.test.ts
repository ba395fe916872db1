/**
 * The web console in a real browser against a real gateway and the local AWS services: sign-in,
 * the Analyze view's route, estimate and result, the explorer, and that no page asks any host but
 * the gateway. Screenshots of each view go to test-results/console/ (not committed).
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, consoleIsStale } from '../../scripts/build-console.mjs';
import { sha256Hex } from '../../src/digest.js';
import { CLINICAL_NOTE, CONTRACT } from '../fixtures/documents.js';
import { browserAvailable, CHROMIUM_PATH, launchBrowser } from '../support/browser.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const SCREENSHOTS = new URL('../../test-results/console/', import.meta.url).pathname;
const KEY = 'console-test-key';

interface Visit {
  page: Page;
  requests: string[];
  violations: string[];
}

describe.skipIf(!browserAvailable)(`the web console in Chromium (${CHROMIUM_PATH})`, () => {
  let gateway: TestGateway;
  let browser: Browser;
  const visits: Visit[] = [];

  beforeAll(async () => {
    if (consoleIsStale()) await buildConsole({ quiet: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    gateway = await startTestGateway({ API_KEYS: `console:${sha256Hex(KEY)}`, ALLOW_ANONYMOUS: 'off' });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  async function visit(path: string): Promise<Visit> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const entry: Visit = { page, requests: [], violations: [] };
    page.on('request', (request) => entry.requests.push(request.url()));
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) entry.violations.push(message.text());
    });
    visits.push(entry);
    await page.goto(`${gateway.base}${path}`);
    return entry;
  }

  async function signIn(page: Page, key: string): Promise<void> {
    await page.getByTestId('credential-input').fill(key);
    await page.getByTestId('sign-in-button').click();
  }

  it('refuses a wrong key and keeps the sign-in form', async () => {
    const { page } = await visit('/console/');
    await signIn(page, 'not-the-key');
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toContain('Sign-in refused');
    expect(await page.getByTestId('document-input').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}sign-in-refused.png` });
  });

  it('shows the route and estimate of a pasted contract, then its analysis with the findings marked', async () => {
    const { page } = await visit('/console/');
    await signIn(page, KEY);
    await page.getByTestId('document-input').fill(CONTRACT);
    await page.getByTestId('document-type').selectOption('LEGAL');
    await page.getByTestId('accuracy').selectOption('HIGH');

    await expect.poll(() => page.getByTestId('chosen-method').textContent()).toBe('HYBRID');
    const bars = page.getByTestId('cost-bars').locator('li');
    expect(await bars.count()).toBe(3);
    expect(await page.locator('[data-testid="cost-bars"] li[data-chosen="true"]').getAttribute('data-method')).toBe('HYBRID');

    await page.getByTestId('analyze-button').click();
    const result = page.getByTestId('result');
    await result.waitFor();
    expect(await page.getByTestId('result-method').textContent()).toContain('HYBRID');
    expect(await page.getByTestId('sagemaker-side').textContent()).toContain('legal-document-analyzer');
    expect(await page.getByTestId('result-cost').textContent()).toMatch(/estimated \$[\d.e-]+, actual \$[\d.e-]+/);
    const marks = result.locator('mark.finding');
    expect(await marks.count()).toBeGreaterThan(0);
    // A finding explains itself when it gets the keyboard focus.
    await marks.first().locator('button').focus();
    expect(await page.getByTestId('finding-explanation').textContent()).toMatch(/clause|party|amount|risk/);
    // The exact operation is one click away.
    await page.getByText('The GraphQL operation and its JSON').click();
    expect(await page.getByTestId('operation-text').textContent()).toContain('query ConsoleAnalyze');
    await page.screenshot({ path: `${SCREENSHOTS}analyze.png`, fullPage: true });
  });

  it('opens the bundled GraphiQL explorer, which runs a query with the session credentials', async () => {
    const { page } = await visit('/console/#/explore');
    await signIn(page, KEY);
    await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });
    // GraphiQL may replace its editor once the schema has loaded: set the text until it stays.
    const setQuery = () =>
      page.evaluate((text) => {
        type Editor = Element & { CodeMirror?: { getValue(): string; setValue(value: string): void } };
        const editor = document.querySelector<Editor>('.graphiql-query-editor .CodeMirror')?.CodeMirror;
        if (editor && editor.getValue() !== text) editor.setValue(text);
        return editor?.getValue();
      }, '{ __typename }');
    await expect.poll(setQuery, { timeout: 10_000 }).toBe('{ __typename }');
    await page.waitForTimeout(500);
    await expect.poll(setQuery).toBe('{ __typename }');
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.result-window').textContent(), { timeout: 10_000 }).toContain('"__typename": "Query"');
    await page.screenshot({ path: `${SCREENSHOTS}explore.png` });
  });

  it('signs in with the keyboard alone and fits a phone-sized window', async () => {
    const { page } = await visit('/console/');
    await page.setViewportSize({ width: 390, height: 844 });
    // Focus order: the credential kind, then the key, then the sign-in button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('credential-input');
    await page.keyboard.type(KEY);
    await page.keyboard.press('Enter');
    await page.getByTestId('document-input').waitFor();
    await page.getByTestId('document-input').fill(CLINICAL_NOTE);
    await expect.poll(() => page.getByTestId('chosen-method').textContent()).toMatch(/ONLY|HYBRID/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SCREENSHOTS}analyze-phone.png`, fullPage: true });
  });

  it('keeps the credentials for the browser session only', async () => {
    const { page } = await visit('/console/');
    await signIn(page, KEY);
    await page.getByTestId('document-input').waitFor();
    const stored = await page.evaluate(() => ({ session: sessionStorage.length, local: localStorage.length }));
    expect(stored).toEqual({ session: 1, local: 0 });
  });

  it('loads nothing from any host but the gateway, and breaks no Content-Security-Policy rule', () => {
    const origin = new URL(gateway.base).origin;
    expect(visits.length).toBeGreaterThan(0);
    for (const { requests, violations } of visits) {
      expect(requests.length).toBeGreaterThan(0);
      for (const url of requests) expect(new URL(url).origin).toBe(origin);
      expect(violations).toEqual([]);
    }
  });
});
