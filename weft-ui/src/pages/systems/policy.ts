import type { JsonSchema } from "../../components/SchemaForm";

const DURATION = "a duration such as 500ms, 4s, 1m or 1h30m";

function duration(description: string, def?: string): JsonSchema {
  return { type: "string", description: `${description}; ${DURATION}`, ...(def ? { default: def } : {}) };
}

function whole(description: string, minimum: number, maximum: number, def: number): JsonSchema {
  return { type: "integer", description, minimum, maximum, default: def };
}

/**
 * The gateway policy of docs/gateway.md ("Policy") as a JSON Schema for SchemaForm: every field optional, the
 * defaults shown as placeholders (the server applies them), the bounds the server checks. An absent group
 * (retry, circuitBreaker, ...) stays absent until a field of it is filled in. endpoints and fallback.value are
 * JSON fields; the server checks them and names a wrong field.
 */
export const POLICY_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    timeout: duration("The longest a call may take; it only shortens the step's own timeout"),
    retry: {
      type: "object",
      description: "Attempts for retryable failures (5xx, timeouts, refused connections); without it the gateway tries once",
      properties: {
        maxAttempts: whole("Attempts in all", 1, 10, 3),
        backoff: duration("The wait before the second attempt, doubled for each one after", "200ms"),
        nonIdempotent: { type: "boolean", description: "Also retry operations not declared idempotent" },
      },
    },
    circuitBreaker: {
      type: "object",
      description: "Each endpoint has its own breaker; an open one refuses calls (gateway.circuit_open)",
      properties: {
        failureRate: whole("Percent of failed attempts in the window that opens the breaker", 1, 100, 50),
        minimumCalls: whole("Calls the window must hold before the rate counts", 1, 10_000, 10),
        window: whole("Calls the failure rate is computed over", 1, 10_000, 20),
        slowCallRate: whole("Percent of slow calls that opens the breaker too", 1, 100, 100),
        slowCall: duration("A call longer than this is slow", "60s"),
        openDuration: duration("How long an open breaker refuses calls before trial calls", "30s"),
        halfOpenCalls: whole("Trial calls in the half-open state", 1, 1000, 3),
      },
    },
    rateLimit: {
      type: "object",
      properties: {
        permits: whole("Calls per period", 1, 1_000_000, 10),
        period: duration("The period", "1s"),
        maxWait: duration("How long a call may wait for a permit", "0s"),
      },
    },
    bulkhead: {
      type: "object",
      properties: {
        maxConcurrent: whole("Calls in flight at once", 1, 100_000, 25),
        maxWait: duration("How long a call may wait for a place", "0s"),
      },
    },
    cache: {
      type: "object",
      description: "Answers of read-only operations reused for the same input",
      properties: {
        ttl: duration("How long an answer is reused", "60s"),
        maxEntries: whole("Answers kept", 1, 1_000_000, 1000),
      },
    },
    endpoints: {
      type: "array",
      description: 'The same system at several base URLs, e.g. [{"baseUrl": "https://a.example.com", "weight": 2}]; replaces config.baseUrl',
      items: { type: "object", properties: { baseUrl: { type: "string" }, weight: { type: "integer" } } },
    },
    fallback: {
      type: "object",
      description: "What a call answers when the system is unavailable: give a value or another system, not both",
      properties: {
        value: { description: "The whole output, as JSON" },
        system: { type: "string", description: "Another system of the same connector to call instead" },
      },
    },
  },
};
