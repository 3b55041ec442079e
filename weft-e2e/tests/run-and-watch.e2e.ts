import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { ADMIN_KEY, WeftServer } from '../src/server';
import { signIn } from '../src/ui';

const FLOW = `
id: greet
namespace: demo
input:
  type: object
  properties:
    name: { type: string }
steps:
  - { id: hello, type: transform, output: "Hello {{ input.name }}" }
  - { id: approval, type: await, signal: go }
  - { id: done, type: transform, output: "{{ hello }}, approved by {{ approval.by }}" }
`;

describe.skipIf(!chromiumPresent())('a user runs a flow and watches it in the browser', () => {
  let server: WeftServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await WeftServer.start();
    browser = await launch();
    const deployed = await server.api('PUT', '/api/v1/flows/demo/greet', FLOW, 'application/yaml');
    expect(deployed.status, await deployed.clone().text()).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in with the admin key, runs a flow, signals it and sees it finish live', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, ADMIN_KEY);
    // The key is kept nowhere in the browser: the session is a cookie the page cannot read.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })))
      .not.toContain(ADMIN_KEY);
    expect(await page.content()).not.toContain(ADMIN_KEY);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    await page.getByRole('link', { name: /greet/ }).click();
    await page.getByRole('button', { name: 'Write the input as JSON' }).click();
    await page.getByLabel('Input (JSON object)').fill('{"name": "Ada"}');
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    // The execution's page, live: it waits for the signal.
    await page.getByRole('heading', { name: 'Steps' }).waitFor();
    await expect.poll(() => page.locator('.badge').first().textContent(), { timeout: 20_000 }).toBe('waiting');
    const id = new URL(page.url()).pathname.split('/').pop()!;

    await page.getByRole('button', { name: 'Send a signal' }).click();
    await page.getByLabel('Signal name').fill('go');
    await page.getByLabel('Payload (JSON object)').fill('{"by": "Grace"}');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    // No reload: the event stream brings the end.
    await expect.poll(() => page.locator('.badge').first().textContent(), { timeout: 20_000 }).toBe('succeeded');

    const execution = await (await server.api('GET', `/api/v1/executions/${id}`)).json();
    expect(execution.output).toBe('Hello Ada, approved by Grace');
    await context.close();
  });

  it('shows a viewer no action the API would refuse them', async () => {
    const created = await server.api('POST', '/api/v1/tenants/default/api-keys', { name: 'e2e viewer', role: 'viewer' });
    expect(created.status, await created.clone().text()).toBe(201);
    const viewerKey = (await created.json()).key as string;
    const started = await server.api('POST', '/api/v1/flows/demo/greet/executions', { name: 'Lin' });
    expect(started.status).toBe(201);
    const id = (await started.json()).id as string;

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, viewerKey);
    await page.goto(`${server.url}/executions/${id}`);
    await page.getByRole('heading', { name: 'Steps' }).waitFor();
    await expect.poll(() => page.locator('.badge').first().textContent(), { timeout: 20_000 }).toBe('waiting');
    for (const name of ['Cancel', 'Retry', 'Send a signal']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    await page.goto(`${server.url}/flows/demo/greet`);
    await page.getByRole('heading', { name: 'Source' }).waitFor();
    expect(await page.getByRole('button', { name: 'Run', exact: true }).count()).toBe(0);
    await context.close();
  });
});
