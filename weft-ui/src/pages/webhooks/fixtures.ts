import { VIEWER } from "../../test/http";

/** A viewer as the server makes one: it reads webhooks but sends and changes nothing. */
export const WEBHOOK_VIEWER = { ...VIEWER, permissions: [...VIEWER.permissions, "webhooks.read"] };
/** An editor: it changes endpoints and secrets, and sends. */
export const WEBHOOK_EDITOR = {
  ...VIEWER,
  actor: "user:u3",
  role: "editor",
  login: "edda",
  permissions: [...WEBHOOK_VIEWER.permissions, "webhooks.send", "webhooks.write"],
};

export const ENDPOINT = {
  id: "ep_1",
  url: "https://hooks.example/weft",
  events: ["execution.*"],
  filter: null,
  headers: { "X-Team": "billing", Authorization: "[redacted]" },
  rateLimit: null,
  concurrency: null,
  enabled: true,
  disabledReason: null,
  description: "billing receiver",
  secretVersion: 1,
  previousSecretExpiresAt: null,
  failingSince: null,
  createdAt: "2026-12-01T10:00:00Z",
  updatedAt: "2026-12-01T10:00:00Z",
  version: 1,
};

export const DELIVERY = {
  id: "dlv_1",
  endpointId: "ep_1",
  messageId: "msg_7",
  eventType: "execution.failed",
  status: "failed",
  attempts: 2,
  dueAt: null,
  lastStatus: 503,
  lastError: null,
  createdAt: "2026-12-01T10:01:00Z",
  updatedAt: "2026-12-01T10:02:00Z",
};

