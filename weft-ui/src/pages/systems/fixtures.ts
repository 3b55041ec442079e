import { VIEWER } from "../../test/http";

export const EDITOR = {
  ...VIEWER,
  actor: "user:u3",
  role: "editor",
  login: "edda",
  permissions: [
    ...VIEWER.permissions,
    "systems.read",
    "systems.write",
    "systems.test",
    "systems.call",
    "credentials.read",
    "credentials.write",
  ],
};

export const READER = { ...VIEWER, permissions: [...VIEWER.permissions, "systems.read", "credentials.read"] };

export const OPERATOR_TESTS = { ...READER, role: "operator", permissions: [...READER.permissions, "systems.test"] };

export const HTTP_CONNECTOR = {
  id: "http",
  version: "1.1.0",
  title: "HTTP",
  description: "Calls any HTTP API",
  configSchema: {
    type: "object",
    additionalProperties: false,
    properties: { baseUrl: { type: "string", format: "uri", description: "http(s) URL that operation paths are appended to" } },
  },
  credentialTypes: ["basic", "bearer"],
  credentialRequired: false,
  operations: [],
  triggers: [],
};

export const REDIS_CONNECTOR = {
  ...HTTP_CONNECTOR,
  id: "redis",
  title: "Redis",
  description: "Keys and values",
  configSchema: { type: "object", required: ["host"], properties: { host: { type: "string" }, port: { type: "integer", default: 6379 } } },
  credentialTypes: ["secret"],
  credentialRequired: true,
};

export const CREDENTIALS = [
  { name: "crm-token", type: "bearer", version: 1, fields: {}, createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-01T10:00:00Z" },
  { name: "erp-basic", type: "basic", version: 3, fields: { username: "svc", systems: "erp,erp-test" }, createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-02T10:00:00Z" },
  { name: "hook", type: "secret", version: 1, fields: {}, createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-01T10:00:00Z" },
];

export function system(over: Record<string, unknown> = {}) {
  return {
    id: "crm",
    connector: "http",
    config: { baseUrl: "https://crm.example.com" },
    credential: "crm-token",
    policy: { circuitBreaker: { minimumCalls: 4 } },
    version: 2,
    createdAt: "2026-12-01T10:00:00Z",
    updatedAt: "2026-12-02T10:00:00Z",
    state: { circuitBreaker: { state: "closed", failureRate: -1, bufferedCalls: 1, failedCalls: 0 } },
    ...over,
  };
}
