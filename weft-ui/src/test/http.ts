import { vi } from "vitest";

/** One request as the HTTP boundary saw it. */
export interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Answer = { status: number; body?: unknown };
type Handler = (req: Seen) => Answer | undefined | Promise<Answer | undefined>;

/**
 * Replaces globalThis.fetch, the app's one HTTP boundary, with answers keyed by "METHOD /path". The
 * components, the router, the session and the typed API client all run for real above it.
 */
export function fakeHttp(routes: Record<string, Answer | Handler>) {
  const seen: Seen[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const req: Seen = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      // JSON is read as data; any other body (a flow's YAML) stays text.
      body: text && /json/.test(request.headers.get("Content-Type") ?? "json") ? JSON.parse(text) : text || undefined,
    };
    seen.push(req);
    const route = routes[`${req.method} ${req.path}`];
    const answer = typeof route === "function" ? await route(req) : route;
    if (!answer) {
      return json(404, { error: "route.unknown", message: `no route ${req.method} ${req.path}`, details: [] });
    }
    return answer.body === undefined ? new Response(null, { status: answer.status }) : json(answer.status, answer.body);
  });
  vi.stubGlobal("fetch", fetch);
  return { seen, fetch };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export const VIEWER = {
  tenant: "default",
  actor: "user:u1",
  role: "viewer",
  login: "vera",
  namespaces: [],
  namespaceRoles: {},
  permissions: ["flows.read", "executions.read", "events.read", "api.read"],
};

export const OPERATOR = {
  ...VIEWER,
  actor: "user:u2",
  role: "operator",
  login: "otto",
  permissions: [...VIEWER.permissions, "executions.start", "executions.cancel", "executions.retry", "executions.signal"],
};

export const EDITOR = {
  ...OPERATOR,
  actor: "user:u3",
  role: "editor",
  login: "edda",
  permissions: [...OPERATOR.permissions, "flows.write"],
};
