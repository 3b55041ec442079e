import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { ADMIN_KEY, WeftServer } from '../src/server';
import { signIn } from '../src/ui';

// The check fails on more than ten items; replayed from it with a smaller quantity, it is skipped, the flow waits a
// few seconds (long enough for its page to show it under way) and ends.
const FLOW = `
id: checkout
namespace: demo
input:
  type: object
  required: [qty]
  properties:
    qty: { type: integer }
steps:
  - { id: price, type: transform, output: "{{ input.qty * 3 }}" }
  - { id: check, type: fail, if: "{{ input.qty > 10 }}", message: "too many items: {{ input.qty }}", code: TOO_MANY }
  - { id: pause, type: wait, duration: 3s }
  - { id: done, type: transform, output: "ok {{ input.qty }} for {{ price }}" }
`;

describe.skipIf(!chromiumPresent())('a user inspects a failed step and replays it with edited input', () => {
  let server: WeftServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await WeftServer.start();
    browser = await launch();
    const deployed = await server.api('PUT', '/api/v1/flows/demo/checkout', FLOW, 'application/yaml');
    expect(deployed.status, await deployed.clone().text()).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds the failed execution by its filters, reads the error in the API words, replays from the step and sees it succeed live', async () => {
    const started = await server.api('POST', '/api/v1/flows/demo/checkout/executions', { qty: 12 });
    expect(started.status, await started.clone().text()).toBe(201);
    const id = (await started.json()).id as string;
    await expect
      .poll(async () => (await (await server.api('GET', `/api/v1/executions/${id}`)).json()).status, { timeout: 20_000 })
      .toBe('failed');
    const execution = await (await server.api('GET', `/api/v1/executions/${id}`)).json();
    const check = execution.steps.find((s: { path: string }) => s.path === 'check');
    expect(check.status).toBe('failed');
    const message = check.error.message as string;
    expect(message).toContain('too many items: 12');

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, ADMIN_KEY);

    // The list, narrowed by the filters kept in the address: the failed executions of this flow, by an id prefix.
    await page.getByLabel('Flow').fill('demo/checkout');
    await page.getByLabel('Status').selectOption('failed');
    await page.getByLabel('Trigger').fill('manual');
    await page.getByLabel('Id starts with').fill(id.slice(0, 8));
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('failed');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      q: id.slice(0, 8),
      flow: 'demo/checkout',
      status: 'failed',
      trigger: 'manual',
    });
    await page.getByRole('link', { name: id }).click();

    // The failed step stands out, named with the API's own message and code.
    const region = page.getByRole('region', { name: 'Failed steps' });
    await region.waitFor();
    expect(await region.textContent()).toContain(`check: ${message} TOO_MANY`);
    await region.getByRole('button', { name: 'Inspect check' }).click();
    const step = page.locator('li.step.failed[data-path="check"]');
    expect(await step.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await step.locator('.step-error').textContent()).toBe(`${message} TOO_MANY`);
    expect(await page.getByRole('img', { name: /^check: failed/ }).count()).toBe(1);

    // Replay from the failed step with a smaller quantity, on the pinned version.
    await region.getByRole('button', { name: 'Replay from check' }).click();
    const form = page.getByRole('form', { name: 'Replay from a step' });
    expect(await form.getByLabel('From step').inputValue()).toBe('check');
    await form.getByLabel('Input (JSON object)').fill('{"qty": 2');
    await form.getByRole('button', { name: 'Replay', exact: true }).click();
    expect(await form.getByRole('alert').textContent()).toContain('The input is not valid JSON');
    await form.getByLabel('Input (JSON object)').fill('{"qty": 2}');
    // A mark on this window: still there at the end, the page was never reloaded.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await form.getByRole('button', { name: 'Replay', exact: true }).click();

    // The new execution's page: it says what happened, and the stream brings its end without a reload.
    const status = page.getByRole('status');
    await status.waitFor();
    expect(await status.textContent()).toMatch(/^Replayed from step check on the pinned version as execution \S+\./);
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).not.toBe(`/executions/${id}`);
    const replayId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    // Under way first (its pause step), then its end, brought by the stream into the same page.
    const badge = page.locator('.facts .badge').first();
    await expect.poll(() => badge.textContent(), { timeout: 10_000 }).toMatch(/^(running|waiting)$/);
    await page.locator('.facts').getByText(/^\((live|read again every \d+ s)\)$/).waitFor();
    await expect.poll(() => badge.textContent(), { timeout: 30_000 }).toBe('succeeded');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    const replay = await (await server.api('GET', `/api/v1/executions/${replayId}`)).json();
    expect(replay.output).toBe('ok 2 for 36');
    expect(replay.trigger).toMatchObject({ replayOf: id, replayFrom: 'check' });
    expect(replay.triggerKind).toBe('replay');
    await page.goto(`${server.url}/executions?trigger=replay&q=${id.slice(0, 8)}`);
    await page.getByRole('link', { name: replayId }).waitFor();
    await context.close();
  });
});
