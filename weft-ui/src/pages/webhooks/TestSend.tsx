import { useEffect, useState, type FormEvent } from "react";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { parseJson } from "../../components/Json";
import type { Delivery, EventType } from "./types";

/** Sends an example event of a type to the endpoint now: the catalog's example, or a payload of one's own. */
export function TestSend({
  endpointId,
  onSent,
  onError,
}: {
  endpointId: string;
  onSent: (d: Delivery) => void;
  onError: (e: ApiError) => void;
}) {
  const [open, setOpen] = useState(false);
  const [types, setTypes] = useState<EventType[]>([]);
  const [type, setType] = useState("");
  const [payload, setPayload] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    unwrap(api.GET("/api/v1/event-types"))
      .then((r) => setTypes(r.items))
      .catch(() => setTypes([])); // the type can still be typed in; the send says what is wrong
  }, [open]);

  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Send a test event
        </button>
      </div>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseJson(payload, "The payload");
    if (!parsed.ok) {
      setInvalid(parsed.message);
      return;
    }
    setInvalid(null);
    setBusy(true);
    try {
      const body: { type: string; payload?: unknown } = { type: type.trim() };
      if (parsed.value !== undefined) body.payload = parsed.value;
      onSent(await unwrap(api.POST("/api/v1/webhooks/endpoints/{id}/test", { params: { path: { id: endpointId } }, body })));
      setOpen(false);
    } catch (err) {
      onError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-label="Send a test event">
      <h2 className="card-title">Send a test event</h2>
      <label className="field">
        <span>Event type</span>
        <input name="testType" required list="test-event-types" value={type} onChange={(e) => setType(e.target.value)} />
        <datalist id="test-event-types">
          {types.map((t) => (
            <option key={t.type} value={t.type} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span>
          Payload <span className="muted">(JSON; empty for the catalog's example of the type)</span>
        </span>
        <textarea
          name="payload"
          rows={5}
          className="mono"
          value={payload}
          aria-invalid={invalid !== null}
          aria-describedby={invalid ? "test-payload-invalid" : undefined}
          onChange={(e) => setPayload(e.target.value)}
        />
      </label>
      {invalid && (
        <p id="test-payload-invalid" className="field-error" role="alert">
          {invalid}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button primary" disabled={busy}>
          Send
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </form>
  );
}
