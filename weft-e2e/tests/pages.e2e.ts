import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { ADMIN_KEY, WeftServer } from '../src/server';
import { overflow, seriousViolations, signIn } from '../src/ui';

/**
 * Every page, in both themes at 1280 px and in the light one at 375 px: axe-core finds no serious or critical WCAG 2.1
 * A/AA violation, and nothing is wider than the window. With WEFT_SCREENSHOTS=1 (`npm run screenshots`)
 * each page's picture is written into docs/ui/screenshots/ for the docs and the README.
 */
const FLOW = `
id: orders
namespace: shop
input:
  type: object
  required: [orderId]
  properties:
    orderId: { type: string, description: "The order to check" }
    express: { type: boolean }
steps:
  - { id: check, type: transform, output: "{{ input.orderId }}" }
  - id: ship
    type: fail
    if: "{{ input.orderId = 'broken' }}"
    message: "order {{ input.orderId }} cannot ship"
  - { id: done, type: transform, output: "shipped {{ check }}" }
`;

/** Pages whose screenshots are taken in every view (dark, narrow), not only wide and light. */
const SHOWN_IN_EVERY_VIEW = new Set(['dashboard', 'execution-failed', 'flow-editor']);

/** A page of the app: where it is, and what shows it has loaded. */
interface Shown {
  name: string;
  path: string;
  heading: string | RegExp;
  /** What shows the page's data has arrived (a heading may show before it): axe checks only after it is visible. */
  loaded?: (page: Page) => Locator;
}

const SCREENSHOTS = process.env.WEFT_SCREENSHOTS === '1'
  ? resolve(import.meta.dirname, '..', '..', 'docs', 'ui', 'screenshots')
  : null;

describe.skipIf(!chromiumPresent())('every page', () => {
  let server: WeftServer;
  let browser: Browser;
  const pages: Shown[] = [];

  beforeAll(async () => {
    server = await WeftServer.start();
    browser = await launch();
    const deployed = await server.api('PUT', '/api/v1/flows/shop/orders', FLOW, 'application/yaml');
    expect(deployed.status, await deployed.clone().text()).toBe(201);
    const ok = await (await server.api('POST', '/api/v1/flows/shop/orders/executions', { orderId: 'A-1' })).json();
    const failed = await (await server.api('POST', '/api/v1/flows/shop/orders/executions', { orderId: 'broken' })).json();
    expect((await server.ended(ok.id)).status).toBe('succeeded');
    expect((await server.ended(failed.id)).status).toBe('failed');
    // A system whose calls fail (nothing listens on port 9 here), and a webhook endpoint with a delivery.
    const system = await server.api('PUT', '/api/v1/systems/billing', {
      connector: 'http',
      config: { baseUrl: 'http://127.0.0.1:9' },
    });
    expect(system.status, await system.clone().text()).toBe(201);
    const endpoint = await server.api('POST', '/api/v1/webhooks/endpoints', {
      url: 'http://127.0.0.1:9/hooks',
      events: ['execution.*'],
    });
    expect(endpoint.status, await endpoint.clone().text()).toBe(201);
    const endpointId = (await endpoint.json()).id as string;
    pages.push(
      {
        name: 'dashboard',
        path: '/dashboard',
        heading: 'Dashboard',
        loaded: (p) => p.locator('.dashboard-grid [role=img]').first(),
      },
      {
        name: 'executions',
        path: '/executions',
        heading: 'Executions',
        loaded: (p) => p.getByRole('link', { name: ok.id }),
      },
      {
        name: 'execution',
        path: `/executions/${ok.id}`,
        heading: 'Steps',
        loaded: (p) => p.locator('.facts .badge', { hasText: 'succeeded' }),
      },
      {
        name: 'execution-failed',
        path: `/executions/${failed.id}`,
        heading: 'Steps',
        loaded: (p) => p.getByRole('region', { name: 'Failed steps' }),
      },
      { name: 'flows', path: '/flows', heading: 'Flows', loaded: (p) => p.getByRole('link', { name: 'shop/orders' }) },
      { name: 'flow', path: '/flows/shop/orders', heading: 'Source', loaded: (p) => p.getByLabel('Flow source (YAML)') },
      {
        name: 'flow-editor',
        path: '/flows/shop/orders/edit',
        heading: 'Edit shop/orders',
        loaded: (p) => p.getByRole('button', { name: 'check transform' }),
      },
      { name: 'flow-new', path: '/flows/new', heading: /New flow/ },
      { name: 'systems', path: '/systems', heading: 'Systems', loaded: (p) => p.getByRole('link', { name: 'billing' }) },
      { name: 'system', path: '/systems/billing', heading: 'billing', loaded: (p) => p.locator('.breaker-line') },
      { name: 'system-new', path: '/systems/_new', heading: 'New system' },
      { name: 'credentials', path: '/credentials', heading: 'Credentials' },
      { name: 'webhooks', path: '/webhooks', heading: 'Webhooks' },
      {
        name: 'webhook-endpoint',
        path: `/webhooks/endpoints/${endpointId}`,
        heading: 'http://127.0.0.1:9/hooks',
        loaded: (p) => p.locator('.actions[aria-label=Actions]').getByRole('button', { name: 'Edit' }),
      },
      { name: 'event-types', path: '/webhooks/event-types', heading: 'Event types' },
      { name: 'sync', path: '/sync', heading: 'Sync jobs' },
      { name: 'audit', path: '/audit', heading: 'Audit log' },
      { name: 'users', path: '/admin/users', heading: 'Users' },
      { name: 'roles', path: '/admin/roles', heading: 'Roles' },
      { name: 'api-keys', path: '/admin/keys', heading: 'API keys' },
    );
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** What is wrong with the page as it is now, each problem a line naming the page: none is the goal. */
  async function check(page: Page, name: string, label: string): Promise<string[]> {
    const problems = (await seriousViolations(page)).map(
      (v) => `${name} (${label}): ${v.id} (${v.impact}): ${v.help} at ${v.targets.join(', ')}`,
    );
    const wider = await overflow(page);
    if (wider > 0) problems.push(`${name} (${label}): ${wider} px wider than the window`);
    // Every page wide and light; a few also dark and narrow. The window's view, not the whole page.
    if (SCREENSHOTS && (label === '1280-light' || SHOWN_IN_EVERY_VIEW.has(name))) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`) });
    }
    return problems;
  }

  // Contrast depends on the theme, layout on the width: both themes wide, and the narrow layout once.
  const views = [[1280, 'light'], [1280, 'dark'], [375, 'light']] as const;
  for (const [width, theme] of views) {
    it(`has no serious accessibility violation and no overflow at ${width} px, ${theme}`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme });
      const page = await context.newPage();
      const label = `${width}-${theme}`;
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Sign in to Weft' }).waitFor();
      // Every page is walked; the problems of them all are reported together.
      const problems = await check(page, 'sign-in', label);
      await signIn(page, server.url, ADMIN_KEY);
      for (const shown of pages) {
        await page.goto(server.url + shown.path);
        await page.getByRole('heading', { name: shown.heading }).first().waitFor();
        if (shown.loaded) await shown.loaded(page).waitFor({ state: 'visible' });
        await page.locator('[role=status]:has-text("Loading")').waitFor({ state: 'detached' });
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        problems.push(...(await check(page, shown.name, label)));
      }
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
