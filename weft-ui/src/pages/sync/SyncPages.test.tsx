import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeHttp, VIEWER, type Seen } from "../../test/http";
import { renderApp } from "../../test/render";
import { diffRows } from "./ConflictDiff";
import { beforeOf } from "./SyncJobPage";
import type { SyncConflict } from "./types";

const OPERATOR = { ...VIEWER, role: "operator", permissions: [...VIEWER.permissions, "sync.read", "sync.run"] };
const READER = { ...VIEWER, permissions: [...VIEWER.permissions, "sync.read"] };

const run = {
  id: 7,
  job: "customers",
  jobVersion: 1,
  reason: "manual",
  full: false,
  status: "succeeded",
  counts: { read: 10, created: 8, updated: 1, deleted: 0, unchanged: 0, conflicts: 1, failed: 0 },
  createdAt: "2026-12-01T10:00:00Z",
  startedAt: "2026-12-01T10:00:01Z",
  finishedAt: "2026-12-01T10:00:03Z",
};

const job = {
  id: "customers",
  version: 1,
  enabled: true,
  description: "Customers between the CRM and the ERP",
  direction: "both",
  left: { system: "crm", type: "customers", key: ["id"] },
  right: { system: "erp", type: "customer", key: ["id"] },
  schedule: { every: "PT1M" },
  links: 9,
  failures: 0,
  openConflicts: 1,
  waitingChanges: 0,
  lastRun: run,
  createdAt: "2026-12-01T09:00:00Z",
  updatedAt: "2026-12-01T09:00:00Z",
};

const conflict: SyncConflict = {
  id: "cfl_1",
  status: "open",
  leftKey: [7],
  rightKey: [7],
  fields: ["credit_limit"],
  left: { id: 7, first_name: "Ada", last_name: "Lovelace", email: "ada@crm.example", credit_limit: 5000 },
  right: { id: 7, name: "Ada Lovelace", email: "ada@erp.example", credit_limit: 7000 },
  base: { id: 7, name: "Ada Lovelace", email: "ada@crm.example", credit_limit: 1000 },
  createdAt: "2026-12-01T10:00:02Z",
};

/** With `leaves`, a resolved conflict is no longer among the open ones, as on the real server. */
function server(who: unknown, resolve?: (req: Seen) => { status: number; body: unknown }, leaves = false) {
  let resolved = false;
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: who },
    "GET /api/v1/sync": { status: 200, body: { items: [job] } },
    "GET /api/v1/sync/customers": { status: 200, body: job },
    "GET /api/v1/sync/customers/runs": { status: 200, body: { items: [run] } },
    "GET /api/v1/sync/customers/failures": {
      status: 200,
      body: {
        items: [
          {
            side: "right",
            key: [9],
            code: "target.refused",
            message: "duplicate key value violates unique constraint",
            attempts: 2,
            runId: 7,
            firstFailedAt: "2026-12-01T10:00:02Z",
            lastFailedAt: "2026-12-01T10:00:02Z",
          },
        ],
      },
    },
    "GET /api/v1/sync/customers/conflicts": (req) => ({
      status: 200,
      body: { items: req.query.get("status") === "open" && !resolved ? [conflict] : [] },
    }),
    "POST /api/v1/sync/customers/conflicts/cfl_1/resolve": (req) => {
      resolved = leaves;
      return (
        resolve?.(req) ?? {
          status: 202,
          body: { ...conflict, status: "resolved", resolution: req.body, resolvedBy: "user:u2", resolvedAt: "2026-12-01T10:05:00Z" },
        }
      );
    },
    "POST /api/v1/sync/customers/run": { status: 202, body: { ...run, id: 8, status: "queued", counts: {} } },
  });
}

describe("the conflict diff", () => {
  it("puts the fields in conflict first and marks the fields whose values differ", () => {
    const rows = diffRows(conflict);
    expect(rows.map((r) => r.field)).toEqual(["credit_limit", "id", "name", "email", "first_name", "last_name"]);
    expect(rows.filter((r) => r.inConflict).map((r) => r.field)).toEqual(["credit_limit"]);
    expect(rows.filter((r) => r.differs).map((r) => r.field)).toEqual(["credit_limit", "email"]);
    expect(rows.find((r) => r.field === "name")).toMatchObject({ inLeft: false, inRight: true, differs: false });
  });
});

describe("the sync pages", () => {
  it("list the jobs with their sides, counts and last run", async () => {
    server(READER);
    renderApp("/sync");
    const link = await screen.findByRole("link", { name: "customers" });
    expect(link.getAttribute("href")).toBe("/sync/customers");
    const row = link.closest("tr")!;
    expect(row.textContent).toContain("crm/customers");
    expect(row.textContent).toContain("erp/customer");
    expect(row.textContent).toContain("10 read, 8 created, 1 updated, 0 deleted, 0 unchanged, 1 conflicts, 0 failed");
    expect(within(row).getByRole("link", { name: "1" }).getAttribute("href")).toBe("/sync/customers#conflicts");
  });

  it("show a conflict's two records side by side, the changed fields marked, and no action to a reader", async () => {
    server(READER);
    renderApp("/sync/customers");
    const card = (await screen.findByRole("heading", { name: /cfl_1/ })).closest("article")!;
    const rows = within(within(card).getByRole("table")).getAllByRole("row");
    expect(within(rows[0]!).getAllByRole("columnheader").map((h) => h.textContent)).toEqual([
      "Field",
      "Left [7]",
      "Right [7]",
      "Last synced",
    ]);
    const credit = rows[1]!;
    expect(credit.className).toBe("diff-conflict");
    expect(credit.textContent).toBe("credit_limit in conflict500070001000");
    const email = rows.find((r) => r.textContent?.startsWith("email"))!;
    expect(email.className).toBe("diff-changed");
    expect(email.textContent).toContain("differs");
    const name = rows.find((r) => r.textContent?.startsWith("name"))!;
    expect(name.textContent).toContain("not in this record");

    expect(screen.getByText("duplicate key value violates unique constraint", { exact: false })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Keep left" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Run now" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Merge…" })).toBeNull();
  });

  it("resolve a conflict by taking a side after a confirmation, and say what the API recorded", async () => {
    const http = server(OPERATOR);
    renderApp("/sync/customers");
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: /cfl_1/ });

    await user.click(screen.getByRole("button", { name: "Keep right" }));
    await user.click(screen.getByRole("button", { name: "Yes, keep right" }));

    await waitFor(() =>
      expect(document.body.textContent).toContain(
        "Conflict cfl_1 is resolved: the right side's record was taken. The next run (queued now) writes it to both sides.",
      ),
    );
    const sent = http.seen.find((r) => r.method === "POST" && r.path.endsWith("/resolve"))!;
    expect(sent.body).toEqual({ take: "right" });
  });

  it("put the focus on the conflicts' heading when the conflict resolved leaves the list", async () => {
    for (const how of ["Keep right", "Merge…"]) {
      server(OPERATOR, undefined, true);
      const view = renderApp("/sync/customers");
      const user = userEvent.setup();
      await screen.findByRole("heading", { name: /cfl_1/ });
      const heading = screen.getByRole("heading", { name: "Conflicts held for review" });

      await user.click(screen.getByRole("button", { name: how }));
      await user.click(screen.getByRole("button", { name: how === "Merge…" ? "Resolve with this record" : "Yes, keep right" }));
      await waitFor(() => expect(screen.queryByRole("heading", { name: /cfl_1/ })).toBeNull());
      await waitFor(() => expect(document.activeElement).toBe(heading));
      view.unmount();
    }
  });

  it("resolve a conflict with a merged record chosen field by field", async () => {
    const http = server(OPERATOR);
    renderApp("/sync/customers");
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: /cfl_1/ });

    await user.click(screen.getByRole("button", { name: "Merge…" }));
    const form = screen.getByRole("form", { name: "Merge cfl_1" });
    await user.click(within(form).getByRole("radio", { name: /another value/ }));
    const value = within(form).getByLabelText("credit_limit (JSON)");
    await user.clear(value);
    await user.type(value, "not json");
    await user.click(within(form).getByRole("button", { name: "Resolve with this record" }));
    expect(within(form).getByRole("alert").textContent).toMatch(/The value for credit_limit is not valid JSON/);

    await user.clear(value);
    await user.type(value, "6000");
    await user.click(within(form).getByRole("button", { name: "Resolve with this record" }));

    await waitFor(() => expect(document.body.textContent).toContain('the record {"credit_limit":6000} was given'));
    const sent = http.seen.find((r) => r.method === "POST" && r.path.endsWith("/resolve"))!;
    expect(sent.body).toEqual({ record: { credit_limit: 6000 } });
  });

  it("show a refused resolution in the API's own words", async () => {
    server(OPERATOR, () => ({
      status: 409,
      body: {
        error: "sync.state",
        message: "conflict 'cfl_1' is resolved, not open: a newer conflict of the same record replaced it, or it was resolved already",
        details: [],
      },
    }));
    renderApp("/sync/customers");
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: /cfl_1/ });
    await user.click(screen.getByRole("button", { name: "Keep left" }));
    await user.click(screen.getByRole("button", { name: "Yes, keep left" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("is resolved, not open");
    expect(alert.textContent).toContain("sync.state");
  });

  it("keep a refused merged record in its form, with the API's reason", async () => {
    server(OPERATOR, () => ({
      status: 400,
      body: {
        error: "sync.invalid",
        message: "record.credit_limit is not a synced field of the right side; the synced fields are id, name",
        details: [],
      },
    }));
    renderApp("/sync/customers");
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: /cfl_1/ });
    await user.click(screen.getByRole("button", { name: "Merge…" }));
    await user.click(screen.getByRole("button", { name: "Resolve with this record" }));

    expect((await screen.findByRole("alert")).textContent).toContain("is not a synced field of the right side");
    expect(screen.getByRole("form", { name: "Merge cfl_1" })).toBeTruthy();
  });

  it("queue a run after a confirmation and say which run", async () => {
    const http = server(OPERATOR);
    renderApp("/sync/customers");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Run now" }));
    await user.click(screen.getByRole("button", { name: "Yes, run it" }));
    await waitFor(() => expect(document.body.textContent).toContain("Run 8 of customers is queued (manual)."));
    expect(http.seen.some((r) => r.method === "POST" && r.path === "/api/v1/sync/customers/run")).toBe(true);
  });

  it("read the next page of runs from the API's link", () => {
    expect(beforeOf("/api/v1/sync/customers/runs?before=7&limit=20")).toBe(7);
    expect(beforeOf(undefined)).toBeUndefined();
  });
});
