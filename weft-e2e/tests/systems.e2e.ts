import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { ADMIN_KEY, WeftServer } from '../src/server';
import { signIn } from '../src/ui';

const TOKEN = 'e2e-bearer-token-never-shown';

/** A port of 127.0.0.1 where nothing listens: taken, then let go. */
async function deadPort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

describe.skipIf(!chromiumPresent())('a user configures a system and watches its breaker open', () => {
  let server: WeftServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await WeftServer.start();
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a credential and a system in the browser, tests it, and sees its breaker open live', async () => {
    const port = await deadPort();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url);
    const nav = page.getByRole('navigation', { name: 'Main' });

    // A credential, through its type's write-only form.
    await nav.getByRole('link', { name: 'Credentials' }).click();
    await page.getByRole('button', { name: 'New credential' }).click();
    const credentialForm = page.getByRole('form', { name: 'New credential' });
    await credentialForm.getByLabel('Name (required)').fill('dead-token');
    await credentialForm.getByLabel('Type (required)').selectOption('bearer');
    await credentialForm.getByLabel('token (required)').fill(TOKEN);
    await credentialForm.getByLabel('systems').fill('dead');
    await credentialForm.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Created credential dead-token (bearer).').waitFor();
    const stored = await (await server.api('GET', '/api/v1/credentials/dead-token')).json();
    expect(stored.type).toBe('bearer');

    // A system of the http connector at a port where nothing listens, with a small breaker.
    await nav.getByRole('link', { name: 'Systems' }).click();
    await page.getByRole('link', { name: 'New system' }).click();
    const systemForm = page.getByRole('form', { name: 'New system' });
    await systemForm.getByLabel('System id (required)').fill('dead');
    await systemForm.getByLabel('Connector (required)').selectOption('http');
    await systemForm.getByLabel('baseUrl').fill(`http://127.0.0.1:${port}`);
    await systemForm.getByLabel('Credential').selectOption('dead-token');
    const breaker = systemForm.getByRole('group', { name: 'circuitBreaker' });
    await breaker.getByLabel('minimumCalls').fill('2');
    await breaker.getByLabel('window').fill('2');
    await breaker.getByLabel('openDuration').fill('10m');
    await systemForm.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Created system dead.').waitFor();
    const system = await (await server.api('GET', '/api/v1/systems/dead')).json();
    expect(system).toMatchObject({
      connector: 'http',
      config: { baseUrl: `http://127.0.0.1:${port}` },
      credential: 'dead-token',
      policy: { circuitBreaker: { minimumCalls: 2, window: 2, openDuration: '10m' } },
    });
    const live = page.getByRole('region', { name: 'Live state' });
    await expect.poll(() => live.locator('.badge').textContent(), { timeout: 20_000 }).toBe('closed');

    // Test connection: the failure in the API's own words.
    await page.getByRole('button', { name: 'Test connection' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'The connection test failed' });
    await failed.waitFor({ timeout: 30_000 });
    const verdict = await (await server.api('POST', '/api/v1/systems/dead/test')).json();
    expect(verdict.ok).toBe(false);
    expect(await failed.textContent()).toContain(verdict.message);

    // Calls through the API fail until the breaker opens and refuses them.
    const statuses: number[] = [];
    for (let i = 0; i < 10 && !statuses.includes(503); i++) {
      statuses.push((await server.api('POST', '/api/v1/systems/dead/operations/http.request', { path: '/orders' })).status);
    }
    expect(statuses.at(-1), JSON.stringify(statuses)).toBe(503);
    expect(statuses.slice(0, -1).every((s) => s === 502), JSON.stringify(statuses)).toBe(true);

    // No reload: the page reads the live state again by itself.
    await expect.poll(() => live.locator('.badge').textContent(), { timeout: 20_000 }).toBe('open');
    const calls = page.getByRole('region', { name: 'Recent calls' });
    await expect.poll(() => calls.getByText('gateway.circuit_open').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await calls.getByText('unavailable').count()).toBeGreaterThan(0);

    // The list shows it open too.
    await nav.getByRole('link', { name: 'Systems' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'dead' }) });
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 20_000 }).toBe('open');

    // The token was typed once and is nowhere in the page or the browser's storage.
    expect(await page.content()).not.toContain(TOKEN);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie)).not.toContain(TOKEN);
    await context.close();
  });

  it('shows a viewer the systems and their state, but no action the API would refuse them', async () => {
    const put = await server.api('PUT', '/api/v1/systems/quiet', { connector: 'http', config: { baseUrl: `http://127.0.0.1:${await deadPort()}` } });
    expect(put.status, await put.clone().text()).toBe(201);
    const created = await server.api('POST', '/api/v1/tenants/default/api-keys', { name: 'e2e systems viewer', role: 'viewer' });
    expect(created.status, await created.clone().text()).toBe(201);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, (await created.json()).key as string);

    await page.goto(`${server.url}/systems`);
    await page.getByRole('link', { name: 'quiet' }).waitFor();
    expect(await page.getByRole('link', { name: 'New system' }).count()).toBe(0);
    await page.getByRole('link', { name: 'quiet' }).click();
    const live = page.getByRole('region', { name: 'Live state' });
    await expect.poll(() => live.locator('.badge').textContent(), { timeout: 20_000 }).toBe('closed');
    for (const name of ['Test connection', 'Edit', 'Delete']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    await page.goto(`${server.url}/credentials`);
    await page.getByRole('heading', { name: 'Credentials' }).waitFor();
    for (const name of ['New credential', 'Connect OAuth 2.0 by consent']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    await context.close();
  });
});
