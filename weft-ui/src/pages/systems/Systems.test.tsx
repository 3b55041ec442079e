import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeHttp, VIEWER, type Seen } from "../../test/http";
import { renderApp } from "../../test/render";
import { CREDENTIALS, EDITOR, HTTP_CONNECTOR, OPERATOR_TESTS, READER, REDIS_CONNECTOR, system } from "./fixtures";

const CALLS = {
  kept: 50,
  calls: [
    { at: "2026-12-07T04:00:02Z", operation: "http.request", endpoint: null, outcome: "rejected", errorCode: "gateway.circuit_open", attempts: 0, durationMs: 0.2 },
    { at: "2026-12-07T04:00:01Z", operation: "http.request", endpoint: null, outcome: "unavailable", errorCode: "http.connect", attempts: 1, durationMs: 12.5 },
  ],
};

/** PUT as the API answers it: conditional on If-Match, the system being at {@code version()}. */
function conditionalPut(version: () => number, bump: () => number) {
  return (r: Seen) => {
    const match = r.headers.get("If-Match");
    if (match !== `"${version()}"`) {
      return {
        status: 412,
        body: {
          error: "system.version_conflict",
          message: `system 'crm' was changed by someone else: it is at version ${version()}, not ${match?.replaceAll('"', "")}; read it again, then make the change with If-Match: "${version()}"`,
          details: [],
        },
      };
    }
    return { status: 200, body: system({ version: bump() }) };
  };
}

function server(who: unknown, routes: Record<string, { status: number; body?: unknown } | ((r: Seen) => { status: number; body?: unknown })> = {}) {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: who },
    "GET /api/v1/connectors": { status: 200, body: { connectors: [HTTP_CONNECTOR, REDIS_CONNECTOR] } },
    "GET /api/v1/credentials": { status: 200, body: { credentials: CREDENTIALS } },
    "GET /api/v1/systems": {
      status: 200,
      body: {
        systems: [
          system(),
          system({ id: "erp", credential: null, state: { circuitBreaker: { state: "open", failureRate: 100, bufferedCalls: 4, failedCalls: 4 } } }),
        ],
      },
    },
    "GET /api/v1/systems/crm": { status: 200, body: system() },
    "GET /api/v1/systems/crm/calls": { status: 200, body: CALLS },
    ...routes,
  });
}

describe("the systems list", () => {
  it("shows each system's connector, credential by name and breaker state", async () => {
    server(READER);
    renderApp("/systems");
    const erp = (await screen.findByRole("link", { name: "erp" }, { timeout: 5_000 })).closest("tr")!;
    expect(within(erp).getByText("open").className).toContain("badge-failed");
    expect(within(erp).getByText("none")).toBeTruthy();
    const crm = screen.getByRole("link", { name: "crm" }).closest("tr")!;
    expect(within(crm).getByText("crm-token")).toBeTruthy();
    expect(within(crm).getByText("closed")).toBeTruthy();
    expect(screen.queryByRole("link", { name: "New system" })).toBeNull();
  }, 20_000);
});

describe("a new system", () => {
  it("is created from the connector's config form, a credential of a type it accepts and a policy", async () => {
    let created = false;
    const http = server(EDITOR, {
      "GET /api/v1/systems/billing": () => (created ? { status: 200, body: system({ id: "billing", version: 1 }) } : { status: 404, body: { error: "not_found", message: "no system billing", details: [] } }),
      "GET /api/v1/systems/billing/calls": { status: 200, body: { kept: 50, calls: [] } },
      "PUT /api/v1/systems/billing": () => {
        created = true;
        return { status: 201, body: system({ id: "billing", version: 1 }) };
      },
    });
    renderApp("/systems");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("link", { name: "New system" }));

    await user.type(await screen.findByLabelText("System id (required)"), "billing");
    await user.selectOptions(screen.getByLabelText("Connector (required)"), "http");
    await user.type(screen.getByLabelText("baseUrl"), "https://billing.example.com/api");
    const credential = screen.getByLabelText("Credential");
    // Only the credentials of a type the connector accepts.
    expect(within(credential).getAllByRole("option").map((o) => o.textContent)).toEqual(["none", "crm-token", "erp-basic"]);
    await user.selectOptions(credential, "erp-basic");
    const breaker = screen.getByRole("group", { name: "circuitBreaker" });
    await user.type(within(breaker).getByLabelText("minimumCalls"), "4");
    await user.type(within(breaker).getByLabelText("openDuration"), "10s");
    await user.click(screen.getByRole("button", { name: "Create" }));

    await screen.findByText("Created system billing.");
    expect(http.seen.find((r) => r.method === "PUT")?.headers.get("If-None-Match")).toBe("*");
    expect(http.seen.find((r) => r.method === "PUT")?.body).toEqual({
      connector: "http",
      config: { baseUrl: "https://billing.example.com/api" },
      credential: "erp-basic",
      policy: { circuitBreaker: { minimumCalls: 4, openDuration: "10s" } },
    });
  }, 20_000);

  it("names what is wrong before sending, and says why the API refused it in its own words", async () => {
    const http = server(EDITOR, {
      "GET /api/v1/systems/cache": { status: 404, body: { error: "not_found", message: "no system cache", details: [] } },
      "PUT /api/v1/systems/cache": {
        status: 400,
        body: { error: "system.invalid", message: "the system is not valid: config.host: must be a host name", details: [] },
      },
    });
    renderApp("/systems/_new");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("System id (required)"), "Cache!");
    await user.selectOptions(screen.getByLabelText("Connector (required)"), "redis");
    await user.type(screen.getByLabelText("port"), "x");
    await user.click(screen.getByRole("button", { name: "Create" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("System id: use 1 to 63 lower-case letters");
    expect(alert.textContent).toContain("Config: host is required: fill it in.");
    expect(alert.textContent).toContain('Config: port must be a whole number, not "x".');
    expect(alert.textContent).toContain("Credential: connector redis needs one (secret).");
    expect(http.seen.some((r) => r.method === "PUT")).toBe(false);

    await user.clear(screen.getByLabelText("System id (required)"));
    await user.type(screen.getByLabelText("System id (required)"), "cache");
    await user.type(screen.getByLabelText("host (required)"), "redis.internal");
    await user.clear(screen.getByLabelText("port"));
    await user.selectOptions(screen.getByLabelText("Credential (required)"), "hook");
    await user.click(screen.getByRole("button", { name: "Create" }));

    expect((await screen.findByText(/config.host: must be a host name/)).closest("[role=alert]")?.textContent).toContain("system.invalid");
  }, 20_000);

  it("does not replace a system of the same id that exists already, and says so in the API's words", async () => {
    server(EDITOR, {
      "PUT /api/v1/systems/crm": (r) =>
        r.headers.get("If-None-Match") === "*"
          ? {
              status: 412,
              body: {
                error: "system.version_conflict",
                message: "system 'crm' exists already (version 2): read it and change it with If-Match, or choose another id",
                details: [],
              },
            }
          : { status: 200, body: system() },
    });
    renderApp("/systems/_new");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("System id (required)"), "crm");
    await user.selectOptions(screen.getByLabelText("Connector (required)"), "http");
    await user.click(screen.getByRole("button", { name: "Create" }));
    const alert = (await screen.findByText(/system 'crm' exists already \(version 2\)/)).closest("[role=alert]")!;
    expect(alert.textContent).toContain("system.version_conflict");
    expect(screen.queryByText("Created system crm.")).toBeNull();
  }, 20_000);
});

describe("a system's page", () => {
  it("shows the live breaker state and the recent calls, and tests the connection showing the API's verdict", async () => {
    let tested = false;
    const http = server(OPERATOR_TESTS, {
      "GET /api/v1/systems/crm": () => ({
        status: 200,
        body: system(tested ? { state: { circuitBreaker: { state: "open", failureRate: 100, bufferedCalls: 4, failedCalls: 4 } } } : {}),
      }),
      "POST /api/v1/systems/crm/test": () => {
        tested = true;
        return { status: 200, body: { ok: false, message: "could not connect to crm.example.com: Connection refused" } };
      },
    });
    renderApp("/systems/crm");
    const live = await screen.findByRole("region", { name: "Live state" });
    await waitFor(() => expect(within(live).getByText("closed")).toBeTruthy());
    const calls = screen.getByRole("region", { name: "Recent calls" });
    expect(within(calls).getByText("gateway.circuit_open")).toBeTruthy();
    expect(within(calls).getByText("unavailable")).toBeTruthy();
    expect(within(calls).getByText("13 ms")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Edit" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();

    await userEvent.setup().click(screen.getByRole("button", { name: "Test connection" }));

    expect((await screen.findByRole("alert")).textContent).toContain(
      "The connection test failed: could not connect to crm.example.com: Connection refused",
    );
    await waitFor(() => expect(within(live).getByText("open")).toBeTruthy());
    expect(within(live).getByText(/4 of the last 4 calls failed \(100% failed\)/)).toBeTruthy();
    expect(http.seen.filter((r) => r.method === "POST")).toHaveLength(1);
  }, 20_000);

  it("shows a viewer no action", async () => {
    server(READER);
    renderApp("/systems/crm");
    await screen.findByRole("region", { name: "Recent calls" });
    for (const name of ["Test connection", "Edit", "Delete"]) expect(screen.queryByRole("button", { name })).toBeNull();
  }, 20_000);

  it("saves an edit, and refuses to overwrite a change someone else made meanwhile", async () => {
    let version = 2;
    const http = server(EDITOR, {
      "GET /api/v1/systems/crm": () => ({ status: 200, body: system({ version }) }),
      "PUT /api/v1/systems/crm": conditionalPut(
        () => version,
        () => ++version,
      ),
    });
    renderApp("/systems/crm");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit" }));
    const form = screen.getByRole("form", { name: "Edit system crm" });
    const baseUrl = within(form).getByLabelText("baseUrl");
    expect((baseUrl as HTMLInputElement).value).toBe("https://crm.example.com");
    expect((within(form).getByLabelText("minimumCalls") as HTMLInputElement).value).toBe("4");
    await user.clear(baseUrl);
    await user.type(baseUrl, "https://crm2.example.com");
    await user.click(within(form).getByRole("button", { name: "Save" }));

    await screen.findByText("Saved system crm (version 3).");
    expect(http.seen.find((r) => r.method === "PUT")?.headers.get("If-Match")).toBe('"2"');
    expect(http.seen.find((r) => r.method === "PUT")?.body).toEqual({
      connector: "http",
      config: { baseUrl: "https://crm2.example.com" },
      credential: "crm-token",
      policy: { circuitBreaker: { minimumCalls: 4 } },
    });

    // Someone else saves version 4 while this page edits version 3.
    await user.click(screen.getByRole("button", { name: "Edit" }));
    version = 4;
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByText(/was changed by someone else/)).textContent).toContain("it is at version 4, not 3");
    expect(http.seen.filter((r) => r.method === "PUT").map((r) => r.headers.get("If-Match"))).toEqual(['"2"', '"3"']);
    expect(version).toBe(4);
  }, 20_000);

  it("keeps the version it began editing from, though the page reads the system again meanwhile", async () => {
    let version = 2;
    const http = server(EDITOR, {
      "GET /api/v1/systems/crm": () => ({ status: 200, body: system({ version }) }),
      "POST /api/v1/systems/crm/test": { status: 200, body: { ok: true, message: "HTTP 200 from https://crm.example.com" } },
      "PUT /api/v1/systems/crm": conditionalPut(
        () => version,
        () => ++version,
      ),
    });
    renderApp("/systems/crm");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit" }));
    version = 3;
    // A test of the connection reads the system again: the page shows version 3, the form still edits 2.
    await user.click(screen.getByRole("button", { name: "Test connection" }));
    await screen.findByText("The connection works: HTTP 200 from https://crm.example.com");
    await waitFor(() => expect(screen.getByText(/^v3, changed/)).toBeTruthy());
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect((await screen.findByText(/was changed by someone else/)).textContent).toContain("it is at version 3, not 2");
    expect(http.seen.filter((r) => r.method === "PUT").map((r) => r.headers.get("If-Match"))).toEqual(['"2"']);
    expect(version).toBe(3);
  }, 20_000);

  it("edits the policy as JSON and refuses JSON that is not an object", async () => {
    const http = server(EDITOR, { "PUT /api/v1/systems/crm": { status: 200, body: system({ version: 3 }) } });
    renderApp("/systems/crm");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit" }));
    await user.click(screen.getByRole("button", { name: "Write the policy as JSON" }));
    const text = screen.getByLabelText("Policy (JSON object)");
    expect(JSON.parse((text as HTMLTextAreaElement).value)).toEqual({ circuitBreaker: { minimumCalls: 4 } });
    await user.clear(text);
    await user.type(text, "[[1]");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toContain("The policy must be a JSON object");

    await user.clear(text);
    await user.type(text, '{{"timeout": "5s", "bulkhead": {{"maxConcurrent": 2}}');
    await user.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Saved system crm (version 3).");
    expect((http.seen.find((r) => r.method === "PUT")?.body as { policy: unknown }).policy).toEqual({ timeout: "5s", bulkhead: { maxConcurrent: 2 } });
  }, 20_000);

  it("deletes after a confirmation, then lists the others", async () => {
    const http = server(EDITOR, { "DELETE /api/v1/systems/crm": { status: 204 } });
    renderApp("/systems/crm");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Delete" }));
    expect(http.seen.some((r) => r.method === "DELETE")).toBe(false);
    await user.click(screen.getByRole("button", { name: "Delete it" }));
    await screen.findByText("Deleted system crm.");
    expect(screen.getByRole("heading", { name: "Systems" })).toBeTruthy();
  }, 20_000);

  it("says so in the API's words when the system is not there", async () => {
    server(VIEWER, {
      "GET /api/v1/systems/gone": { status: 404, body: { error: "not_found", message: "no system gone", details: [] } },
      "GET /api/v1/systems/gone/calls": { status: 404, body: { error: "not_found", message: "no system gone", details: [] } },
    });
    renderApp("/systems/gone");
    expect((await screen.findByRole("alert")).textContent).toContain("no system gone");
  }, 20_000);

  it("reads the system again at once when the feed says its breaker opened", async () => {
    const sources: { url: string; emit: (type: string, data: unknown) => void }[] = [];
    class FakeEventSource {
      readonly listeners = new Map<string, ((m: MessageEvent) => void)[]>();
      constructor(readonly url: string) {
        sources.push(this);
      }
      addEventListener(type: string, l: (m: MessageEvent) => void) {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
      }
      close() {}
      emit(type: string, data: unknown) {
        (this.listeners.get(type) ?? []).forEach((l) => l(new MessageEvent(type, { data: JSON.stringify(data) })));
      }
    }
    vi.stubGlobal("EventSource", FakeEventSource);
    let reads = 0;
    server(READER, {
      "GET /api/v1/systems/crm": () => {
        reads += 1;
        return {
          status: 200,
          body: system(reads > 1 ? { state: { circuitBreaker: { state: "open", failureRate: 100, bufferedCalls: 4, failedCalls: 4 } } } : {}),
        };
      },
    });
    renderApp("/systems/crm");
    const live = await screen.findByRole("region", { name: "Live state" });
    await waitFor(() => expect(sources).toHaveLength(1));
    expect(sources[0]!.url).toBe("/api/v1/events/stream?type=system.breaker_opened%2Csystem.breaker_closed");
    expect(reads).toBe(1);

    sources[0]!.emit("system.breaker_opened", { type: "system.breaker_opened", payload: { system: "erp", state: "open" } });
    sources[0]!.emit("system.breaker_opened", { type: "system.breaker_opened", payload: { system: "crm", state: "open" } });

    await waitFor(() => expect(within(live).getByText("open")).toBeTruthy());
    expect(reads).toBe(2);
  }, 20_000);
});
