/**
 * GraphiQL in a real headless Chromium with no network beyond 127.0.0.1: the page must load every asset
 * from the subgraph itself (Yoga's default page loads them from a CDN and stays blank offline), open the
 * example tabs, and run the first one. The screenshot is kept in test-artifacts/ for a human to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
// Without the networking flags Chromium calls hosts this machine cannot reach (see DESIGN.md).
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  // CI installs Debian's chromium (.ci/run); a developer machine without it skips, loudly.
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  console.warn(`SKIPPED graphiql-browser.test.ts: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}

describe.skipIf(!hasChromium)('GraphiQL in headless Chromium, offline', () => {
  let stack: Stack;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    stack = await startStack({
      env: { GRAPHIQL: 'true' },
      server: {
        graphiqlExamples: {
          spaceId: SEED.demoLiveSpaceIds[0],
          freeAccountGroupId: SEED.freeAccountGroupIds[0],
        },
      },
    });
    profile = mkdtempSync(join(tmpdir(), 'spaces-subgraph-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1400, height: 900 },
    });
    // Chromium starts slowly on a loaded machine.
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await stack?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('loads with no request beyond 127.0.0.1 and runs the default tab', async () => {
    const blocked: string[] = [];
    const served: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'blob:' || url.protocol === 'data:' || url.hostname === '127.0.0.1') {
        served.push(url.href);
        return route.continue();
      }
      blocked.push(url.href);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(stack.url, { waitUntil: 'load' });
    await expect.poll(() => page.title()).toBe('spaces-subgraph');
    // The example tabs are there, the first one active.
    await page.locator('.graphiql-tab').nth(4).waitFor({ timeout: 15_000 });
    expect(await page.locator('.graphiql-tab').count()).toBe(5);

    // GraphiQL's own schema fetch (refused here: introspection is off with credentials) may still be in
    // flight: wait for the answer to the tab's query, not for any POST.
    const answer = page.waitForResponse(
      (response) =>
        response.url() === stack.url &&
        response.request().method() === 'POST' &&
        !(response.request().postData() ?? '').includes('__schema'),
    );
    await page.locator('.graphiql-execute-button').click();
    const body = (await (await answer).json()) as {
      data?: { spaces?: Array<{ guid: string }> };
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    expect(body.data?.spaces?.length).toBe(SEED.demoLiveSpaceIds.length);

    // What the user sees: the result pane shows the data.
    const resultPane = page.locator('.graphiql-response');
    await expect.poll(() => resultPane.textContent()).toContain('"spaces"');
    expect(await resultPane.textContent()).toContain(`${SEED.demoLiveSpaceGuids[0]}`);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql.png') });

    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(served.some((url) => url.startsWith(stack.url))).toBe(true);
  });
});
