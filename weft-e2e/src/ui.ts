import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { ADMIN_KEY } from './server';

/** Signs in on the sign-in page with an API key (the admin's unless told) and waits for the landing page. */
export async function signIn(page: Page, url: string, key: string = ADMIN_KEY): Promise<void> {
  await page.goto(url + '/');
  await page.getByRole('heading', { name: 'Sign in to Weft' }).waitFor();
  await page.getByLabel('API key', { exact: true }).check();
  await page.getByLabel('API key', { exact: true }).last().fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Executions' }).waitFor();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A rule axe-core found broken on a page, with where. */
export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is now. axe runs
 * through the DevTools protocol (page.evaluate), which the page's CSP does not govern, so the app is
 * checked under its real, strict CSP.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe;
    const r = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> };
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** How far the page is wider than its viewport, in CSS pixels: more than 0 is a broken layout. */
export async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
