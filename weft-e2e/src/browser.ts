import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, as `.ci/run` installs it; WEFT_CHROMIUM names another. */
export const CHROMIUM = process.env.WEFT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether the suite can run here. On a laptop without Chromium the tests are skipped; in CI (CI=true) a
 * missing Chromium fails the run, so CI never goes green by skipping them.
 */
export function chromiumPresent(): boolean {
  if (existsSync(CHROMIUM)) {
    return true;
  }
  if (process.env.CI === 'true') {
    throw new Error(`no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium; set WEFT_CHROMIUM to another`);
  }
  return false;
}

export async function launch(): Promise<Browser> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root Chromium refuses to start with its sandbox; the machine's closed network wants the rest.
    args: [
      ...(root ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
