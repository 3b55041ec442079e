import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { ADMIN_KEY, WeftServer } from '../src/server';
import { signIn } from '../src/ui';

// Typed line by line, as a user types it (top-level lines only: the editor indents a new line itself). Line 4
// names a step type that does not exist: the editor must say so at line 4.
const LINES = [
  'id: hello',
  'namespace: e2e',
  '# greets whoever asks',
  "steps: [{id: greet, type: transfrom, output: \"Hello {{ input.name ? input.name : 'world' }}\"}]",
];
const FIXED = LINES.join('\n').replace('transfrom', 'transform') + '\n';

/** Clears the editor and types the lines into it with the keyboard. */
async function typeSource(page: Page, lines: string[]): Promise<void> {
  await page.getByLabel('Flow source (YAML)').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  for (const line of lines) {
    await page.keyboard.type(line);
    await page.keyboard.press('Escape'); // closes a completion list, so that Enter is a new line
    await page.keyboard.press('Enter');
  }
}

describe.skipIf(!chromiumPresent())('a user writes a flow in the editor, deploys and runs it', () => {
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

  it('sees an error at its line, fixes it, deploys after the diff and runs the flow to success', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    // The editor (CodeMirror) styles itself: it must do so within the content security policy.
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
    });
    await signIn(page, server.url);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('link', { name: 'New flow' }).click();
    await page.getByRole('heading', { name: 'New flow' }).waitFor();
    await page.getByRole('button', { name: 'hello transform' }).waitFor();

    await typeSource(page, LINES);
    const problems = page.getByRole('region', { name: 'Problems' });
    await expect.poll(() => problems.textContent(), { timeout: 20_000 }).toContain('transfrom');
    const atLine = problems.getByRole('button', { name: /^Line 4, column \d+$/ }).first();
    await atLine.waitFor();
    // The mark is in the text at that line too (CodeMirror's lint gutter and underline).
    expect(await page.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    await atLine.click();
    await expect.poll(() => page.locator('.cm-activeLine').textContent()).toContain('type: transfrom');

    // The fix, typed on the line the problem put the cursor on: the misspelt word replaced.
    await page.keyboard.press('Home');
    for (let i = 0; i < LINES[3]!.indexOf('transfrom'); i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+Control+ArrowRight');
    await page.keyboard.type('transform');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.cm-activeLine').textContent()).toContain('type: transform');
    await expect.poll(() => page.locator('.editor-status').textContent(), { timeout: 20_000 })
      .toBe('No problems found.');
    await page.getByRole('button', { name: 'greet transform' }).waitFor();

    await page.getByRole('button', { name: 'Deploy…' }).click();
    const diff = page.getByRole('figure');
    await expect.poll(() => diff.textContent(), { timeout: 20_000 }).toContain('a new flow: 4 lines added, 0 removed');
    expect(await diff.textContent()).toContain('# greets whoever asks');
    expect((await server.api('GET', '/api/v1/flows/e2e/hello')).status).toBe(404);
    await page.getByRole('button', { name: 'Deploy these changes' }).click();
    await page.getByText('Deployed e2e/hello as version 1.').waitFor();
    expect((await (await server.api('GET', '/api/v1/flows/e2e/hello')).json()).source).toBe(FIXED);

    await page.getByRole('link', { name: '← e2e/hello' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('heading', { name: 'Steps' }).waitFor();
    await expect.poll(() => page.locator('.badge').first().textContent(), { timeout: 20_000 }).toBe('succeeded');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect((await (await server.api('GET', `/api/v1/executions/${id}`)).json()).output).toBe('Hello world');
    expect(violations).toEqual([]);
    await context.close();
  });
});
