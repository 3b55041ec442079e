import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { ADMIN_KEY, WeftServer } from '../src/server';

const FLOW = `
id: hello
namespace: ops
steps:
  - { id: greet, type: transform, output: "hello from beta" }
`;

/**
 * Switches the session's tenant and waits until the app has started again in it: the select's own value reads the
 * new tenant as soon as it is chosen, before the switch is answered and the page loaded again, so the wait is for a
 * new document (the mark set on the old one gone) whose session names the tenant.
 */
async function switchTo(page: Page, tenant: string): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { beforeSwitch?: boolean }).beforeSwitch = true;
  });
  await page.getByLabel('Tenant this session acts in').selectOption(tenant);
  await expect
    .poll(
      // While the page is being replaced its context may be gone: that counts as not yet loaded again.
      () => page.evaluate(() => (window as unknown as { beforeSwitch?: boolean }).beforeSwitch === true).catch(() => true),
      { timeout: 20_000 },
    )
    .toBe(false);
  await page.getByRole('heading', { name: 'Executions' }).waitFor();
  expect(await page.getByLabel('Tenant this session acts in').inputValue()).toBe(tenant);
}

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

    await switchTo(page, 'beta');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('link', { name: /hello/ }).click(); // beta's own flow
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.locator('.badge').first().textContent(), { timeout: 20_000 }).toBe('succeeded');

    // Beta's own log names the platform administrator as the one who started it.
    const audit = await (
      await fetch(server.url + '/api/v1/audit?action=startExecution', { headers: { Authorization: `Bearer ${betaKey}` } })
    ).json();
    const me = await (await server.api('GET', '/api/v1/auth/session')).json();
    expect(audit.items.map((e: { actor: string }) => e.actor)).toContain(me.actor);

    await switchTo(page, 'default');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByText('No flow is deployed yet.').waitFor(); // the default tenant's: beta's flow is not here
    expect(await page.getByRole('link', { name: /hello/ }).count()).toBe(0);
    await context.close();
  });
});
