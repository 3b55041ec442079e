import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { useSession } from "../../auth/session";
import { ConfirmButton } from "../../components/Confirm";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Json, parseJson } from "../../components/Json";
import { usePassedNotice } from "./notice";
import type { EventType } from "./types";

const TYPE_NAME = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

/** The event-type catalog: the platform's types and the tenant's own; an editor declares new ones. */
export function EventTypesList() {
  const { can } = useSession();
  const navigate = useNavigate();
  const [types, setTypes] = useState<EventType[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = usePassedNotice();
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    unwrap(api.GET("/api/v1/event-types"))
      .then((r) => setTypes(r.items))
      .catch((e) => setError(asApiError(e)));
  }, []);

  return (
    <section aria-labelledby="event-types-title">
      <p>
        <Link to="/webhooks">← Webhooks</Link>
      </p>
      <h1 id="event-types-title">Event types</h1>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {can("webhooks.write") && !creating && (
        <div className="actions">
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            New event type
          </button>
        </div>
      )}
      {creating && (
        <EventTypeForm
          known={types}
          onSaved={(t) =>
            navigate(`/webhooks/event-types/${encodeURIComponent(t.type)}`, {
              state: { notice: `The event type ${t.type} was created.` },
            })
          }
          onCancel={() => setCreating(false)}
        />
      )}
      <div className="table-wrap" tabIndex={0}>
        <table className="table stack">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Source</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {types?.map((t) => (
              <tr key={t.type}>
                <td data-label="Type">
                  <Link to={`/webhooks/event-types/${encodeURIComponent(t.type)}`} className="mono">
                    {t.type}
                  </Link>
                </td>
                <td data-label="Source">{t.source === "platform" ? "the platform" : "this tenant"}</td>
                <td data-label="Description">{t.description ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One event type: its JSON Schema and example; the tenant's own may be changed or deleted by an editor. */
export function EventTypePage() {
  const { type = "" } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const [eventType, setEventType] = useState<EventType | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = usePassedNotice();
  const [editing, setEditing] = useState(false);

  const load = useCallback(() => {
    unwrap(api.GET("/api/v1/event-types/{type}", { params: { path: { type } } }))
      .then(setEventType)
      .catch((e) => setError(asApiError(e)));
  }, [type]);
  useEffect(load, [load]);
  const own = eventType?.source === "tenant" && can("webhooks.write");

  return (
    <section aria-labelledby="event-type-title">
      <p>
        <Link to="/webhooks/event-types">← Event types</Link>
      </p>
      <h1 id="event-type-title" className="mono wrap">
        {type}
      </h1>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {eventType && !editing && (
        <>
          <p>{eventType.description ?? <span className="muted">No description.</span>}</p>
          <p className="muted">{eventType.source === "platform" ? "A type of the platform." : "One of this tenant's own types."}</p>
          {own && (
            <div className="actions" aria-label="Actions">
              <button type="button" className="button" onClick={() => setEditing(true)}>
                Edit
              </button>
              <ConfirmButton
                label="Delete"
                question={`Delete the event type ${type}? Events of it are then accepted without a schema check.`}
                confirmLabel="Yes, delete"
                danger
                onConfirm={async () => {
                  try {
                    await unwrap(api.DELETE("/api/v1/event-types/{type}", { params: { path: { type } } }));
                    navigate("/webhooks/event-types", { state: { notice: `The event type ${type} was deleted.` } });
                  } catch (e) {
                    setError(asApiError(e));
                  }
                }}
              />
            </div>
          )}
          <h2>Schema</h2>
          <Json value={eventType.schema} />
          <h2>Example</h2>
          {eventType.example == null ? <p className="muted">none</p> : <Json value={eventType.example} />}
        </>
      )}
      {eventType && editing && (
        <EventTypeForm
          existing={eventType}
          onSaved={(t) => {
            setEventType(t);
            setEditing(false);
            setNotice(`The event type ${t.type} was saved.`);
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </section>
  );
}

function EventTypeForm({
  existing,
  known,
  onSaved,
  onCancel,
}: {
  existing?: EventType;
  /** For a new type, the catalog as loaded: a name already in it is refused (the PUT would replace that type). */
  known?: EventType[] | null;
  onSaved: (t: EventType) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(existing?.type ?? "");
  const [description, setDescription] = useState(existing?.description ?? "");
  const [schema, setSchema] = useState(existing ? JSON.stringify(existing.schema, null, 2) : '{\n  "type": "object"\n}');
  const [example, setExample] = useState(existing?.example == null ? "" : JSON.stringify(existing.example, null, 2));
  const [invalid, setInvalid] = useState<{ field: string; message: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!TYPE_NAME.test(name.trim())) {
      setInvalid({ field: "type", message: "Type: dotted lower-case words, such as invoice.approved." });
      return;
    }
    if (!existing) {
      if (!known) {
        setInvalid({
          field: "type",
          message: "Type: the catalog is not loaded, so it cannot be checked that this type is new. Reload the page and try again.",
        });
        return;
      }
      const same = known.find((t) => t.type === name.trim());
      if (same) {
        setInvalid({
          field: "type",
          message: `Type: ${same.type} already exists (${same.source === "platform" ? "a type of the platform" : "one of this tenant's own"}). Choose another name, or open it from the list to change it.`,
        });
        return;
      }
    }
    const s = parseJson(schema, "The schema");
    if (!s.ok || typeof s.value !== "object" || s.value === null || Array.isArray(s.value)) {
      setInvalid({ field: "schema", message: s.ok ? "The schema must be a JSON object (a JSON Schema)." : s.message });
      return;
    }
    const x = parseJson(example, "The example");
    if (!x.ok) {
      setInvalid({ field: "example", message: x.message });
      return;
    }
    setInvalid(null);
    setBusy(true);
    setError(null);
    try {
      const body: { schema: unknown; description?: string | null; example?: unknown } = {
        schema: s.value,
        description: description.trim() === "" ? null : description.trim(),
      };
      if (x.value !== undefined) body.example = x.value;
      onSaved(await unwrap(api.PUT("/api/v1/event-types/{type}", { params: { path: { type: name.trim() } }, body })));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const errorOf = (field: string) =>
    invalid?.field === field ? (
      <span id={`event-type-${field}-error`} className="field-error" role="alert">
        {invalid.message}
      </span>
    ) : null;
  const described = (field: string) => (invalid?.field === field ? `event-type-${field}-error` : undefined);

  return (
    <form className="card" onSubmit={submit} aria-label={existing ? "Change the event type" : "New event type"}>
      <h2 className="card-title">{existing ? "Change the event type" : "New event type"}</h2>
      <ErrorBanner error={error} />
      <label className="field">
        <span>Type</span>
        <input
          name="type"
          required
          readOnly={existing !== undefined}
          value={name}
          placeholder="invoice.approved"
          aria-invalid={invalid?.field === "type"}
          aria-describedby={described("type")}
          onChange={(e) => setName(e.target.value)}
        />
        {errorOf("type")}
      </label>
      <label className="field">
        <span>Description</span>
        <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label className="field">
        <span>JSON Schema of its payloads</span>
        <textarea
          name="schema"
          rows={8}
          className="mono"
          value={schema}
          aria-invalid={invalid?.field === "schema"}
          aria-describedby={described("schema")}
          onChange={(e) => setSchema(e.target.value)}
        />
        {errorOf("schema")}
      </label>
      <label className="field">
        <span>
          Example payload <span className="muted">(optional; test sends use it)</span>
        </span>
        <textarea
          name="example"
          rows={5}
          className="mono"
          value={example}
          aria-invalid={invalid?.field === "example"}
          aria-describedby={described("example")}
          onChange={(e) => setExample(e.target.value)}
        />
        {errorOf("example")}
      </label>
      <div className="row">
        <button type="submit" className="button primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
