import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPresent, launch } from '../src/browser';
import { ADMIN_KEY, WeftServer } from '../src/server';

// A two-way sync job between two tables of this machine's PostgreSQL (127.0.0.1:5432, database test, trusted
// local connections, as the Java tests and .ci/run have it), through two systems of the postgres connector.
// Both sides are read whole (no cursor) and a record changed on both is held for review (two-way's default
// rule, manual). The tables are this run's own.
const suffix = randomBytes(4).toString('hex');
const LEFT = `e2e_crm_${suffix}`;
const RIGHT = `e2e_erp_${suffix}`;
const JOB = `customers-${suffix}`;
const JOB_FILE = `
kind: sync
id: ${JOB}
description: Customers both ways, for the end-to-end test
left: {system: crm, type: ${LEFT}, key: [id]}
right: {system: erp, type: ${RIGHT}, key: [id]}
direction: both
mapping:
  toRight: {id: "{{ id }}", name: "{{ name }}", credit_limit: "{{ credit_limit }}"}
  toLeft: {id: "{{ id }}", name: "{{ name }}", credit_limit: "{{ credit_limit }}"}
`;

/** Whether PostgreSQL answers on 127.0.0.1:5432; in CI (CI=true) it must. */
async function postgresPresent(): Promise<boolean> {
  const up = await new Promise<boolean>((done) => {
    const socket = connect(5432, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
  if (!up && process.env.CI === 'true') {
    throw new Error('no PostgreSQL at 127.0.0.1:5432: .ci/run starts it; the sync end-to-end test needs it');
  }
  return up;
}

const runnable = chromiumPresent() && (await postgresPresent());

async function ok(response: Response, status = [200, 201, 202]): Promise<any> {
  const text = await response.text();
  expect(status, text).toContain(response.status);
  return text ? JSON.parse(text) : undefined;
}

describe.skipIf(!runnable)('a conflict held by a sync job is reviewed and resolved in the browser', () => {
  let server: WeftServer;
  let browser: Browser;

  const sql = async (system: string, ...statements: string[]) =>
    ok(await server.api('POST', `/api/v1/systems/${system}/operations/postgres.execute`, { statements: statements.map((s) => ({ sql: s })) }));

  const runToEnd = async () => {
    const run = await ok(await server.api('POST', `/api/v1/sync/${JOB}/run`));
    let ended: any;
    await expect
      .poll(
        async () => {
          ended = await ok(await server.api('GET', `/api/v1/sync/${JOB}/runs/${run.id}`));
          return ended.status;
        },
        { timeout: 30_000 },
      )
      .toMatch(/succeeded|failed|cancelled/);
    expect(ended.status, JSON.stringify(ended)).toBe('succeeded');
    return ended;
  };

  beforeAll(async () => {
    server = await WeftServer.start();
    browser = await launch();
    await ok(await server.api('PUT', '/api/v1/credentials/pg-login', { type: 'basic', username: 'postgres', password: 'trusted-anyway', systems: 'crm,erp' }));
    for (const system of ['crm', 'erp']) {
      await ok(
        await server.api('PUT', `/api/v1/systems/${system}`, {
          connector: 'postgres',
          config: { host: '127.0.0.1', port: 5432, database: 'test', ssl: 'disable' },
          credential: 'pg-login',
        }),
      );
    }
    await sql('crm', `CREATE TABLE ${LEFT} (id bigint PRIMARY KEY, name text NOT NULL, credit_limit numeric(12,2) NOT NULL)`,
      `INSERT INTO ${LEFT} VALUES (1, 'Ada Lovelace', 5000), (2, 'Alan Turing', 2500)`);
    await sql('erp', `CREATE TABLE ${RIGHT} (id bigint PRIMARY KEY, name text NOT NULL, credit_limit numeric(12,2) NOT NULL)`);
    await ok(await server.api('PUT', `/api/v1/sync/${JOB}`, JOB_FILE, 'application/yaml'));
  });

  afterAll(async () => {
    await browser?.close();
    if (server) {
      await server.api('POST', '/api/v1/systems/crm/operations/postgres.execute', {
        statements: [{ sql: `DROP TABLE IF EXISTS ${LEFT}` }, { sql: `DROP TABLE IF EXISTS ${RIGHT}` }],
      });
      await server.stop();
    }
  });

  it('shows both records side by side and writes the side the reviewer keeps to both', async () => {
    const first = await runToEnd();
    expect(first.counts.created).toBe(2);
    // Both sides change Ada's credit limit since the last sync: the next run holds her record.
    await sql('crm', `UPDATE ${LEFT} SET credit_limit = 6000 WHERE id = 1`);
    await sql('erp', `UPDATE ${RIGHT} SET credit_limit = 5500 WHERE id = 1`);
    const second = await runToEnd();
    expect(second.counts.conflicts).toBe(1);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.getByLabel('API key', { exact: true }).check();
    await page.getByLabel('API key', { exact: true }).last().fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Executions' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync jobs' }).click();
    const row = page.getByRole('row', { name: new RegExp(JOB) });
    await row.waitFor();
    expect(await row.textContent()).toContain(`crm/${LEFT}`);
    await row.getByRole('link', { name: JOB }).click();

    const conflict = page.locator('article.conflict');
    await conflict.waitFor();
    const credit = conflict.locator('tr.diff-conflict');
    expect(await credit.count()).toBe(1);
    const cells = await credit.locator('th, td').allTextContents();
    expect(cells[0]).toBe('credit_limit in conflict');
    expect(cells[1]).toContain('6000');
    expect(cells[2]).toContain('5500');
    expect(cells[3]).toContain('5000'); // what both had at the last sync

    await conflict.getByRole('button', { name: 'Keep left' }).click();
    await conflict.getByRole('button', { name: 'Yes, keep left' }).click();
    await expect
      .poll(() => page.getByRole('status').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining("is resolved: the left side's record was taken. The next run (queued now) writes it to both sides."));

    // The run the resolution queued writes the left record over the right one.
    await expect
      .poll(
        async () => {
          const rows = await ok(
            await server.api('POST', '/api/v1/systems/erp/operations/postgres.query', {
              sql: `SELECT credit_limit FROM ${RIGHT} WHERE id = 1`,
            }),
          );
          return Number(rows.rows[0].credit_limit);
        },
        { timeout: 30_000 },
      )
      .toBe(6000);
    await context.close();
  });
});
