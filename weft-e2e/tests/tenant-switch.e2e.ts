import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { ADMIN_KEY, WeftServer } from '../src/server';

const FLOW = `
id: hello
namespace: ops
steps:
  - { id: greet, type: transform, output: "hello from beta" }
`;

describe.skipIf(!chromiumPresent())('a platform administrator switches tenant in the browser', () => {
  let server: WeftServer;
  let browser: Browser;
  let betaKey: string;

  beforeAll(async () => {
    server = await WeftServer.start();
    browser = await launch();
    expect((await server.api('POST', '/api/v1/tenants', { id: 'beta', name: 'Beta' })).status).toBe(201);
    const key = await server.api('POST', '/api/v1/tenants/beta/api-keys', { name: 'beta admin', role: 'admin' });
    betaKey = (await key.json()).key as string;
    const deployed = await fetch(server.url + '/api/v1/flows/ops/hello', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${betaKey}`, 'Content-Type': 'application/yaml' },
      body: FLOW,
    });
    expect(deployed.status, await deployed.clone().text()).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("acts in beta as its admin, under the administrator's name, and comes back", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.getByLabel('API key', { exact: true }).check();
    await page.getByLabel('API key', { exact: true }).last().fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Executions' }).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByText('No flow is deployed yet.').waitFor(); // the default tenant's: beta's flow is not here
    expect(await page.getByRole('link', { name: /hello/ }).count()).toBe(0);

    await page.getByLabel('Tenant this session acts in').selectOption('beta');
    await expect.poll(() => page.getByLabel('Tenant this session acts in').inputValue(), { timeout: 20_000 }).toBe('beta');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('link', { name: /hello/ }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.locator('.badge').first().textContent(), { timeout: 20_000 }).toBe('succeeded');

    // Beta's own log names the platform administrator as the one who started it.
    const audit = await (
      await fetch(server.url + '/api/v1/audit?action=startExecution', { headers: { Authorization: `Bearer ${betaKey}` } })
    ).json();
    const me = await (await server.api('GET', '/api/v1/auth/session')).json();
    expect(audit.items.map((e: { actor: string }) => e.actor)).toContain(me.actor);

    await page.getByLabel('Tenant this session acts in').selectOption('default');
    await expect.poll(() => page.getByLabel('Tenant this session acts in').inputValue(), { timeout: 20_000 }).toBe('default');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByText('No flow is deployed yet.').waitFor(); // the default tenant's: beta's flow is not here
    expect(await page.getByRole('link', { name: /hello/ }).count()).toBe(0);
    await context.close();
  });
});
