import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { WeftServer } from '../src/server';

/** The README's web UI steps on a new server: the generated admin key, read from its file, signs in. */
describe.skipIf(!chromiumPresent())('a new server', () => {
  let server: WeftServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await WeftServer.start(undefined, null);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the generated admin key sign in, and says what went wrong with a wrong one', async () => {
    const key = readFileSync(join(server.dir, 'data', 'admin-api-key'), 'utf8').trim();
    expect(server.output()).not.toContain(key);
    const page = await browser.newPage();
    await page.goto(server.url + '/');
    await page.getByLabel('API key', { exact: true }).check();
    await page.getByLabel('API key', { exact: true }).last().fill('weft_' + 'x'.repeat(43));
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The API's own words, not a generic failure.
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/key/i);

    await page.getByLabel('API key', { exact: true }).last().fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Executions' }).waitFor();
    expect(await page.content()).not.toContain(key);
  });

  it('takes a new user from the empty server to a running flow in under five clicks, as the README says', async () => {
    const key = readFileSync(join(server.dir, 'data', 'admin-api-key'), 'utf8').trim();
    const page = await browser.newPage();
    let clicks = 0;
    const click = async (name: string | RegExp, role: 'button' | 'radio' = 'button') => {
      clicks++;
      await page.getByRole(role, { name }).click();
    };
    await page.goto(server.url + '/');
    await click('API key', 'radio');
    await page.getByLabel('API key', { exact: true }).last().fill(key);
    await click('Sign in');
    await click('Deploy and run the example');
    // The execution's page, live: the example waits a second, then succeeds.
    await page.getByRole('heading', { name: 'Steps' }).waitFor();
    await expect.poll(() => page.locator('.badge').first().textContent(), { timeout: 20_000 }).toBe('succeeded');
    expect(clicks).toBeLessThan(5);
  });
});
