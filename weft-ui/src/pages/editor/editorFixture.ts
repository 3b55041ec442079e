import { fakeHttp, OPERATOR, type Seen } from "../../test/http";

/** The editor tests' server: a flow in two versions, an http connector and a system, a validator that passes. */
export const EDITOR = { ...OPERATOR, role: "editor", login: "edda", permissions: [...OPERATOR.permissions, "flows.write", "systems.read"] };

export const SOURCE = `id: orders
namespace: shop
# shipping, step by step
steps:
  - id: check
    type: transform
    output: "{{ input }}"
  - id: ship
    type: call
    operation: http.request
    with: { method: POST, url: "https://carrier.example" }
`;
export const V2 = { namespace: "shop", id: "orders", version: 2, sha256: "b".repeat(64), createdAt: "2026-12-01T10:00:00Z", source: SOURCE };
export const V1 = { ...V2, version: 1, sha256: "a".repeat(64), source: SOURCE.replace("# shipping, step by step\n", "") };

export function server(who: unknown, extra: Record<string, Parameters<typeof fakeHttp>[0][string]> = {}) {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: who },
    "GET /api/v1/flows": { status: 200, body: { flows: [V2] } },
    "GET /api/v1/flows/shop/orders": (r: Seen) => ({ status: 200, body: r.query.get("version") === "1" ? V1 : V2 }),
    "GET /api/v1/flows/shop/orders/versions": {
      status: 200,
      body: { versions: [V2, V1].map(({ source: _s, ...v }) => v) },
    },
    "GET /api/v1/connectors": {
      status: 200,
      body: {
        connectors: [
          {
            id: "http",
            operations: [
              {
                name: "http.request",
                description: "An HTTP request",
                inputSchema: {
                  type: "object",
                  required: ["url"],
                  properties: { method: { enum: ["GET", "POST", "PUT"] }, url: { type: "string" }, body: {} },
                },
              },
            ],
          },
        ],
      },
    },
    "GET /api/v1/systems": { status: 200, body: { systems: [{ id: "carrier", connector: "http" }] } },
    "POST /api/v1/flows/validate": { status: 200, body: { valid: true, problems: [], namespace: "shop", id: "orders" } },
    ...extra,
  });
}
