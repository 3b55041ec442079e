import { useEffect, useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/client";
import type { Endpoint, EndpointWrite, EventType } from "./types";
import { list } from "./types";

interface Draft {
  url: string;
  events: string;
  filter: string;
  description: string;
  rateLimit: string;
  concurrency: string;
  headers: string;
}

function draftOf(e: Endpoint | undefined): Draft {
  return {
    url: e?.url ?? "",
    events: e?.events.join(", ") ?? "",
    filter: e?.filter ?? "",
    description: e?.description ?? "",
    rateLimit: e?.rateLimit == null ? "" : String(e.rateLimit),
    concurrency: e?.concurrency == null ? "" : String(e.concurrency),
    headers: Object.entries(e?.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n"),
  };
}

type Checked = { ok: true; body: EndpointWrite } | { ok: false; field: keyof Draft; message: string };

/** The body for create or change, or the field that is wrong and how to fix it (before the API is asked). */
export function endpointBody(d: Draft, editing: boolean): Checked {
  const events = list(d.events);
  if (d.url.trim() === "") return { ok: false, field: "url", message: "URL: give the address deliveries are POSTed to (http or https)." };
  if (events.length === 0)
    return { ok: false, field: "events", message: "Event types: give at least one, such as execution.* or invoice.approved." };
  const number = (text: string, name: string): number | null | string => {
    if (text.trim() === "") return null;
    const n = Number(text.trim());
    return Number.isInteger(n) && n > 0 ? n : `${name}: give a whole number above 0, or leave it empty.`;
  };
  const rateLimit = number(d.rateLimit, "Rate limit");
  if (typeof rateLimit === "string") return { ok: false, field: "rateLimit", message: rateLimit };
  const concurrency = number(d.concurrency, "Concurrency");
  if (typeof concurrency === "string") return { ok: false, field: "concurrency", message: concurrency };
  const headers: Record<string, string> = {};
  for (const line of d.headers.split("\n")) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0)
      return { ok: false, field: "headers", message: `Headers: "${line.trim()}" is not "Name: value" (one header a line).` };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const body: EndpointWrite = { url: d.url.trim(), events };
  // A change sends null to clear what was emptied; a create leaves it out.
  const empty = editing ? null : undefined;
  body.filter = d.filter.trim() === "" ? empty : d.filter.trim();
  body.description = d.description.trim() === "" ? empty : d.description.trim();
  body.rateLimit = rateLimit ?? empty;
  body.concurrency = concurrency ?? empty;
  body.headers = Object.keys(headers).length === 0 ? empty : headers;
  for (const k of Object.keys(body) as (keyof EndpointWrite)[]) if (body[k] === undefined) delete body[k];
  return { ok: true, body };
}

/** The fields of an endpoint, for a new one or a change; submits only what passes the checks above. */
export function EndpointForm({
  endpoint,
  busy,
  onSubmit,
  onCancel,
}: {
  endpoint?: Endpoint;
  busy: boolean;
  onSubmit: (body: EndpointWrite) => void;
  onCancel: () => void;
}) {
  const [d, setD] = useState<Draft>(() => draftOf(endpoint));
  const [invalid, setInvalid] = useState<{ field: keyof Draft; message: string } | null>(null);
  const editing = endpoint !== undefined;
  const [catalog, setCatalog] = useState<EventType[]>([]);
  useEffect(() => {
    unwrap(api.GET("/api/v1/event-types"))
      .then((r) => setCatalog(r.items))
      .catch(() => setCatalog([])); // the types can still be typed in
  }, []);
  const chosen = list(d.events);

  function submit(e: FormEvent) {
    e.preventDefault();
    const checked = endpointBody(d, editing);
    if (!checked.ok) {
      setInvalid({ field: checked.field, message: checked.message });
      return;
    }
    setInvalid(null);
    onSubmit(checked.body);
  }

  const field = (name: keyof Draft, label: string, hint?: string, textarea = false) => {
    const wrong = invalid?.field === name;
    const props = {
      name,
      value: d[name],
      "aria-invalid": wrong,
      "aria-describedby": wrong ? `endpoint-${name}-error` : undefined,
      onChange: (e: { target: { value: string } }) => setD({ ...d, [name]: e.target.value }),
    };
    return (
      <label className="field">
        <span>
          {label} {hint && <span className="muted">{hint}</span>}
        </span>
        {textarea ? (
          // The headers' values may be secrets: no spelling check or correction sends them to a service or
          // changes them, and the browser offers none of them again.
          <textarea rows={3} className="mono" spellCheck={false} autoComplete="off" autoCorrect="off" autoCapitalize="off" {...props} />
        ) : (
          <input {...props} />
        )}
        {wrong && (
          <span id={`endpoint-${name}-error`} className="field-error" role="alert">
            {invalid.message}
          </span>
        )}
      </label>
    );
  };

  return (
    <form className="card" onSubmit={submit} aria-label={editing ? "Change the endpoint" : "New endpoint"}>
      <h2 className="card-title">{editing ? "Change the endpoint" : "New endpoint"}</h2>
      {field("url", "URL", "(shown to every reader: put no secret in it)")}
      {field("events", "Event types", "(comma separated; * matches any part: execution.*, *)")}
      {catalog.length > 0 && (
        <details className="event-picker">
          <summary>Choose from the catalog ({catalog.length} types)</summary>
          <div className="permission-grid">
            {catalog.map((t) => (
              <label key={t.type} className="field check">
                <span>
                  <input
                    type="checkbox"
                    checked={chosen.includes(t.type)}
                    onChange={(e) =>
                      setD({
                        ...d,
                        events: (e.target.checked ? [...chosen, t.type] : chosen.filter((x) => x !== t.type)).join(", "),
                      })
                    }
                  />
                  <span className="mono">{t.type}</span>
                </span>
              </label>
            ))}
          </div>
        </details>
      )}
      {field("filter", "Filter", "(optional JSONata on the payload, such as status = \"failed\")")}
      {field("description", "Description", "(optional)")}
      <div className="columns">
        {field("rateLimit", "Rate limit per second", "(optional)")}
        {field("concurrency", "Concurrency", "(optional)")}
      </div>
      {field("headers", "Headers", "(optional, one \"Name: value\" a line; secret ones show as [redacted])", true)}
      <div className="row">
        <button type="submit" className="button primary" disabled={busy}>
          {editing ? "Save" : "Create"}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
