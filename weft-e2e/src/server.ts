import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The admin key the server is started with (WEFT_ADMIN_API_KEY), as an operator would. */
export const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';

const JAR = resolve(import.meta.dirname, '..', '..', 'weft-cli', 'target', 'weft.jar');

/** A real `weft server` on SQLite in a temporary data directory, started as the README says. */
export class WeftServer {
  private constructor(
    private readonly process: ChildProcess,
    readonly dir: string,
    readonly url: string,
    private readonly log: () => string,
  ) {}

  /**
   * @param adminKey the admin key to start with (WEFT_ADMIN_API_KEY); null lets the server make one and write
   *     it to <data>/admin-api-key, as on a first start by the README
   */
  static async start(config = 'server: {port: 0}\n', adminKey: string | null = ADMIN_KEY): Promise<WeftServer> {
    if (!existsSync(JAR)) {
      throw new Error(`no ${JAR}: build the command line first (./mvnw package -pl weft-cli -am)`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'weft-e2e-'));
    writeFileSync(join(dir, 'weft.yaml'), config);
    const java = javaCommand();
    const child = spawn(java, ['-jar', JAR, 'server', '--config', join(dir, 'weft.yaml'), '--data', join(dir, 'data')], {
      env: adminKey === null
        ? withoutAdminKey({ ...process.env, WEFT_EGRESS_ALLOW: '127.0.0.1/32' })
        : { ...process.env, WEFT_ADMIN_API_KEY: adminKey, WEFT_EGRESS_ALLOW: '127.0.0.1/32' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (b) => (output += b));
    child.stderr!.on('data', (b) => (output += b));
    const port = await new Promise<number>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`weft server did not start within 60 s:\n${output}`)), 60_000);
      const look = () => {
        const m = /listening on port (\d+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          ok(Number(m[1]));
        }
      };
      child.stdout!.on('data', look);
      child.stderr!.on('data', look);
      child.on('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`weft server exited with ${code}:\n${output}`));
      });
    });
    return new WeftServer(child, dir, `http://127.0.0.1:${port}`, () => output);
  }

  /** Calls the REST API with the admin key. */
  async api(method: string, path: string, body?: unknown, type = 'application/json'): Promise<Response> {
    return fetch(this.url + path, {
      method,
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'Content-Type': type }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** Waits until the execution has ended (succeeded, failed or cancelled) and answers it. */
  async ended(id: string, timeoutMs = 20_000): Promise<{ id: string; status: string; [k: string]: unknown }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const execution = await (await this.api('GET', `/api/v1/executions/${id}`)).json();
      if (['succeeded', 'failed', 'cancelled'].includes(execution.status)) return execution;
      if (Date.now() > deadline) throw new Error(`execution ${id} is still ${execution.status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  output(): string {
    return this.log();
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => {
      if (this.process.exitCode !== null) {
        done();
        return;
      }
      // A graceful stop first; a server that does not stop within 30 s is killed, so a test never hangs on it.
      const kill = setTimeout(() => this.process.kill('SIGKILL'), 30_000);
      this.process.once('exit', () => {
        clearTimeout(kill);
        done();
      });
      this.process.kill('SIGTERM');
    });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function withoutAdminKey(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  delete env.WEFT_ADMIN_API_KEY;
  return env;
}

/** A JDK of at least 21, found as the build and ./weft find it (scripts/java-home). */
function javaCommand(): string {
  const script = resolve(import.meta.dirname, '..', '..', 'scripts', 'java-home');
  const home = execFileSync(script, { encoding: 'utf8' }).trim();
  return join(home, 'bin', 'java');
}
