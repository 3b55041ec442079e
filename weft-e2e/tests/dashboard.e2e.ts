import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { ADMIN_KEY, WeftServer } from '../src/server';
import { signIn } from '../src/ui';

const GOOD = `
id: good
namespace: shop
steps:
  - { id: shape, type: transform, output: "{{ input.n * 2 }}" }
`;

// Fails when n is negative: one run of three fails, a failure rate of 33.3%.
const FLAKY = `
id: flaky
namespace: shop
steps:
  - { id: check, type: fail, if: "{{ input.n < 0 }}", message: "negative n" }
  - { id: done, type: transform, output: "ok" }
`;

async function runToEnd(server: WeftServer, flow: string, input: unknown): Promise<string> {
  const started = await server.api('POST', `/api/v1/flows/shop/${flow}/executions`, input);
  expect(started.status, await started.clone().text()).toBe(201);
  const id = (await started.json()).id as string;
  await expect
    .poll(async () => (await (await server.api('GET', `/api/v1/executions/${id}`)).json()).status, { timeout: 20_000 })
    .toMatch(/succeeded|failed/);
  return id;
}

describe.skipIf(!chromiumPresent())('the dashboard shows what ran', () => {
  let server: WeftServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await WeftServer.start();
    browser = await launch();
    for (const [id, source] of [
      ['good', GOOD],
      ['flaky', FLAKY],
    ]) {
      const deployed = await server.api('PUT', `/api/v1/flows/shop/${id}`, source, 'application/yaml');
      expect(deployed.status, await deployed.clone().text()).toBe(201);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('counts a succeeding and a failing flow and gives the failing flow its failure rate', async () => {
    await runToEnd(server, 'good', { n: 1 });
    await runToEnd(server, 'good', { n: 2 });
    await runToEnd(server, 'flaky', { n: 1 });
    await runToEnd(server, 'flaky', { n: -1 });
    await runToEnd(server, 'flaky', { n: 3 });

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    const executions = page.getByRole('region', { name: 'Executions over time' });
    await expect.poll(() => executions.locator('.dash-totals').textContent(), { timeout: 20_000 }).toContain('5 created');
    expect(await executions.getByRole('link', { name: '4 succeeded' }).count()).toBe(1);
    expect(await executions.getByRole('link', { name: '1 failed' }).count()).toBe(1);
    // The chart draws them: its bars add up to the counts.
    const drawn = await executions
      .locator('svg.chart-svg rect[data-series]')
      .evaluateAll((rects) => rects.map((r) => [r.getAttribute('data-series'), Number(r.getAttribute('data-value'))]));
    const sum = (series: string) => drawn.filter(([s]) => s === series).reduce((n, [, v]) => n + (v as number), 0);
    expect(sum('succeeded')).toBe(4);
    expect(sum('failed')).toBe(1);

    const failing = page.getByRole('region', { name: 'Failure rate per flow' });
    const row = failing.getByRole('row', { name: /shop\/flaky/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('33.3%');
    expect(await row.textContent()).toContain('1 of 3');
    expect(await failing.getByRole('row', { name: /shop\/good/ }).count()).toBe(0);
    await failing.getByRole('link', { name: 'shop/flaky' }).click();
    await page.getByRole('heading', { name: 'Source' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/flows/shop/flaky');

    await page.goBack();
    const slow = page.getByRole('region', { name: 'Slowest steps' });
    await slow.getByRole('table').waitFor();
    expect(await slow.textContent()).toContain('shape');
    await context.close();
  });
});
