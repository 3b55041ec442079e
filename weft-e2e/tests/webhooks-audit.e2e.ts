import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { ADMIN_KEY, WeftServer } from '../src/server';
import { signIn } from '../src/ui';

/** What the local receiver got: each request's headers and body. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A small receiver on 127.0.0.1 that answers 204 to every delivery and keeps them. */
async function receiver(): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/weft`, got };
}

/** Whether one of the request's Standard Webhooks signatures is the secret's. */
function signedWith(r: Received, secret: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`)
    .digest('base64');
  return String(r.headers['webhook-signature'])
    .split(' ')
    .some((s) => s === `v1,${expected}`);
}

/** The secret a SecretOnce region shows, read as the person would copy it. */
async function shownSecret(page: Page, region: string): Promise<string> {
  const box = page.getByRole('region', { name: region });
  await box.waitFor();
  return box.getByRole('textbox').inputValue();
}

describe.skipIf(!chromiumPresent())('webhooks and the audit log in the browser', () => {
  let server: WeftServer;
  let browser: Browser;
  let hooks: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    hooks = await receiver();
    server = await WeftServer.start();
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((done) => hooks?.server.close(done));
  });

  it('creates an endpoint, sends a test event, sees its attempt, rotates the secret once and finds it all audited', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, ADMIN_KEY);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'New endpoint' }).click();
    await page.getByLabel(/^URL/).fill(hooks.url);
    await page.getByLabel(/^Event types/).fill('execution.*');
    await page.getByLabel(/^Description/).fill('e2e receiver');
    await page.getByRole('button', { name: 'Create' }).click();
    const first = await shownSecret(page, 'Signing secret of the new endpoint');
    expect(first).toMatch(/^whsec_/);
    await page.getByRole('link', { name: 'Open the endpoint' }).click();

    // A test send: delivered to the receiver, signed with the secret shown, its attempt on the delivery's page.
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await page.getByLabel('Event type', { exact: true }).fill('execution.failed');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText(/A test execution\.failed event was queued as delivery dlv_/).waitFor();
    await expect.poll(() => hooks.got.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    expect(signedWith(hooks.got[0]!, first)).toBe(true);
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).first().click();
          return page.locator('table').last().textContent();
        },
        { timeout: 20_000 },
      )
      .toContain('succeeded');
    await page.getByRole('link', { name: /^dlv_/ }).first().click();
    await page.getByRole('heading', { name: 'Attempts' }).waitFor();
    const attempt = page.locator('table').first().locator('tbody tr').first();
    expect(await attempt.textContent()).toContain('204');
    expect(await attempt.textContent()).toContain('succeeded');
    await page.getByRole('link', { name: '← The endpoint' }).click();

    // Rotation: the new secret shown once; deliveries then carry the new and the previous signature.
    await page.getByRole('button', { name: 'Rotate the secret' }).click();
    await page.getByRole('button', { name: 'Yes, rotate' }).click();
    const second = await shownSecret(page, 'The new signing secret');
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect(await page.getByRole('region', { name: 'The new signing secret' }).textContent()).toContain(
      'every delivery carries two signatures',
    );
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toContain(
      second,
    );
    await page.getByRole('button', { name: /hide it/ }).click();
    expect(await page.content()).not.toContain(second);
    await page.reload();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    expect(await page.content()).not.toContain(second);
    expect(await page.content()).not.toContain(first);

    await page.getByRole('button', { name: 'Send a test event' }).click();
    await page.getByLabel('Event type', { exact: true }).fill('execution.failed');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => hooks.got.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const after = hooks.got[hooks.got.length - 1]!;
    expect(signedWith(after, second)).toBe(true);
    expect(signedWith(after, first)).toBe(true);

    // The audit log has each of these actions.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    for (const action of ['createWebhookEndpoint', 'testWebhookEndpoint', 'rotateWebhookSecret']) {
      await page.getByLabel('Action').fill(action);
      await page.getByRole('button', { name: 'Apply' }).click();
      // The filter is in the address, and every row shown is of that action (a table still unfiltered, holding
      // all three actions, does not pass).
      await expect
        .poll(
          async () => {
            const inAddress = new URL(page.url()).searchParams.get('action');
            const shown = await page.locator('table tbody td[data-label="Action"]').allTextContents();
            return `${inAddress} | ${[...new Set(shown.map((a) => a.trim()))].join(', ')}`;
          },
          { timeout: 10_000 },
        )
        .toBe(`${action} | ${action}`);
    }
    await page.locator('table tbody tr').first().getByRole('button').click();
    const entry = page.getByRole('region', { name: /Audit entry/ });
    expect(await entry.textContent()).toContain('rotate-secret');
    expect(await entry.textContent()).not.toContain(second);
    await context.close();
  });

  it('shows a viewer no webhook or admin action and no audit log', async () => {
    const created = await server.api('POST', '/api/v1/tenants/default/api-keys', { name: 'e2e viewer', role: 'viewer' });
    expect(created.status, await created.clone().text()).toBe(201);
    const viewerKey = (await created.json()).key as string;
    const endpoints = await (await server.api('GET', '/api/v1/webhooks/endpoints')).json();
    const id = endpoints.items[0].id as string;

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, viewerKey);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Webhooks' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Users and keys' }).count()).toBe(0);

    await page.goto(`${server.url}/webhooks/endpoints/${id}`);
    // The endpoint's settings are loaded (its URL is the heading): any action would be shown by now.
    await page.getByRole('heading', { name: hooks.url }).waitFor();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    for (const name of ['Edit', 'Disable', 'Rotate the secret', 'Delete', 'Send a test event', 'Replay']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    await page.goto(`${server.url}/webhooks`);
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    expect(await page.getByRole('button', { name: 'New endpoint' }).count()).toBe(0);
    await page.goto(`${server.url}/admin/keys`);
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('forbidden');
    expect(await page.getByRole('button', { name: 'New key' }).count()).toBe(0);
    await context.close();
  });
});
