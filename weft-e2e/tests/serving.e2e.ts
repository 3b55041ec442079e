import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { WeftServer } from '../src/server';

describe.skipIf(!chromiumPresent())('the server serves the UI', () => {
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

  it('answers / with the app under a strict content security policy', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) {
        violations.push(m.text());
      }
    });
    // The app's own code runs under the policy too: any violation it causes is reported to the page.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const response = await page.goto(server.url + '/');
    expect(response?.status()).toBe(200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await expect.poll(() => page.title(), { timeout: 20_000 }).toContain('Weft');
    // The app rendered (not only the static page): its sign-in form is there.
    await page.getByRole('heading', { name: 'Sign in to Weft' }).waitFor({ timeout: 20_000 });
    expect(violations).toEqual([]);
  });
});
