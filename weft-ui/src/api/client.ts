import createClient, { type Middleware } from "openapi-fetch";
import type { paths, components } from "./schema";

export type Execution = components["schemas"]["Execution"];
export type Step = components["schemas"]["Step"];
export type StepAttempt = components["schemas"]["StepAttempt"];
export type FlowVersion = components["schemas"]["FlowVersion"];
type ErrorBody = components["schemas"]["Error"];

/** An answer of the API that is not a success, carrying the API's own code and message. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown[];

  constructor(status: number, code: string, message: string, details: unknown[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  static of(status: number, body: unknown): ApiError {
    const e = body as Partial<ErrorBody> | undefined;
    if (e && typeof e.error === "string" && typeof e.message === "string") {
      return new ApiError(status, e.error, e.message, Array.isArray(e.details) ? e.details : []);
    }
    return new ApiError(status, `http.${status}`, `the server answered ${status} without an error body`);
  }
}

const CSRF_HEADER = "X-CSRF-Token";
const CSRF_COOKIE = "weft_csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// The CSRF token lives in this module's memory only, never in localStorage or sessionStorage. After a
// reload memory is empty: the server's own weft_csrf cookie (set at sign-in, readable by the page by
// design) gives it back.
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

function currentCsrfToken(): string | undefined {
  if (csrfToken) return csrfToken;
  const cookie = document.cookie
    .split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  const value = cookie?.slice(CSRF_COOKIE.length + 1);
  return value ? decodeURIComponent(value) : undefined;
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when an API call answers 401: the session ended (expired, signed out elsewhere). */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method)) {
      const token = currentCsrfToken();
      if (token) request.headers.set(CSRF_HEADER, token);
    }
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith("/api/v1/auth/login")) {
      unauthorizedListeners.forEach((l) => l());
    }
    return response;
  },
};

/** The typed client: a call the OpenAPI document does not allow fails tsc, and so the build. */
export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "" : window.location.origin,
  // Looked up at each call so that tests can replace the HTTP boundary (globalThis.fetch).
  fetch: (request: Request) => globalThis.fetch(request),
  credentials: "same-origin",
});
api.use(csrf);

/** The data of a success, or an ApiError with the API's code and message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (e) {
    throw new ApiError(0, "network.failed", `the server could not be reached: ${(e as Error).message}`);
  }
  if (!result.response.ok) throw ApiError.of(result.response.status, result.error);
  return result.data as T;
}

/** Turns anything thrown into what the error banner shows. */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, "ui.error", e instanceof Error ? e.message : String(e));
}
