import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { useSession } from "../../auth/session";
import { ConfirmButton } from "../../components/Confirm";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { SecretOnce } from "../../components/SecretOnce";
import { Time } from "../../components/Time";
import { Deliveries } from "./Deliveries";
import { EndpointForm } from "./EndpointForm";
import { TestSend } from "./TestSend";
import type { Endpoint, EndpointWrite } from "./types";
import { EndpointState } from "./WebhooksList";

/**
 * One endpoint: its settings, what an editor may change (settings, enable or disable, the signing secret,
 * delete), a test send for an operator, and its deliveries.
 */
export default function EndpointPage() {
  const { id = "" } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const [endpoint, setEndpoint] = useState<Endpoint | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [rotated, setRotated] = useState<{ secret: string; previousUntil: string | null } | null>(null);
  const [deliveriesKey, setDeliveriesKey] = useState(0);
  const path = { params: { path: { id } } };

  const load = useCallback(() => {
    unwrap(api.GET("/api/v1/webhooks/endpoints/{id}", { params: { path: { id } } }))
      .then(setEndpoint)
      .catch((e) => setError(asApiError(e)));
  }, [id]);
  useEffect(load, [load]);

  async function act(what: () => Promise<void>) {
    setError(null);
    setNotice(null);
    try {
      await what();
    } catch (e) {
      setError(asApiError(e));
    }
  }

  async function save(body: EndpointWrite) {
    setBusy(true);
    await act(async () => {
      setEndpoint(await unwrap(api.PATCH("/api/v1/webhooks/endpoints/{id}", { ...path, body })));
      setEditing(false);
      setNotice("The endpoint's settings were saved.");
    });
    setBusy(false);
  }

  const writer = can("webhooks.write");
  const sender = can("webhooks.send");

  return (
    <section aria-labelledby="endpoint-title">
      <p>
        <Link to="/webhooks">← Webhooks</Link>
      </p>
      <h1 id="endpoint-title" className="mono wrap">
        {endpoint?.url ?? id}
      </h1>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {rotated && (
        <SecretOnce label="The new signing secret" secret={rotated.secret} onDone={() => setRotated(null)}>
          <p>
            {rotated.previousUntil ? (
              <>
                Until <Time value={rotated.previousUntil} />, every delivery carries two signatures, one with this
                secret and one with the previous: a receiver that knows either verifies them. Switch the receiver to
                this secret before then; after it, only this one signs. Rotating again meanwhile drops the oldest
                secret.
              </>
            ) : (
              <>Deliveries are signed with this secret only from now on.</>
            )}
          </p>
        </SecretOnce>
      )}
      {endpoint && !editing && (
        <>
          <dl className="facts">
            <dt>Id</dt>
            <dd className="mono wrap">{endpoint.id}</dd>
            <dt>State</dt>
            <dd>
              <EndpointState endpoint={endpoint} />
            </dd>
            <dt>Event types</dt>
            <dd className="mono wrap">{endpoint.events.join(", ")}</dd>
            <dt>Filter</dt>
            <dd className="mono wrap">{endpoint.filter ?? <span className="muted">none</span>}</dd>
            <dt>Description</dt>
            <dd>{endpoint.description ?? <span className="muted">none</span>}</dd>
            <dt>Headers</dt>
            <dd className="mono wrap">
              {Object.keys(endpoint.headers).length === 0 ? (
                <span className="muted">none</span>
              ) : (
                Object.entries(endpoint.headers).map(([k, v]) => <div key={k}>{`${k}: ${v}`}</div>)
              )}
            </dd>
            <dt>Rate limit</dt>
            <dd>{endpoint.rateLimit == null ? "none" : `${endpoint.rateLimit} a second`}</dd>
            <dt>Concurrency</dt>
            <dd>{endpoint.concurrency == null ? "the server's default" : endpoint.concurrency}</dd>
            <dt>Signing secret</dt>
            <dd>
              version {endpoint.secretVersion}
              {endpoint.previousSecretExpiresAt && (
                <>
                  ; the previous one also signs until <Time value={endpoint.previousSecretExpiresAt} />
                </>
              )}
            </dd>
            <dt>Failing since</dt>
            <dd>
              <Time value={endpoint.failingSince} />
            </dd>
            <dt>Created</dt>
            <dd>
              <Time value={endpoint.createdAt} />
            </dd>
          </dl>
          {(writer || sender) && (
            <div className="actions" aria-label="Actions">
              {writer && (
                <button type="button" className="button" onClick={() => setEditing(true)}>
                  Edit
                </button>
              )}
              {writer && (
                <ConfirmButton
                  label={endpoint.enabled ? "Disable" : "Enable"}
                  question={
                    endpoint.enabled
                      ? "Disable it? Events that happen meanwhile are not sent to it, not even once it is enabled again."
                      : "Enable it? Deliveries that failed stay failed: replay them below."
                  }
                  confirmLabel={endpoint.enabled ? "Yes, disable" : "Yes, enable"}
                  onConfirm={() =>
                    act(async () => {
                      const enabled = !endpoint.enabled;
                      setEndpoint(
                        await unwrap(api.PATCH("/api/v1/webhooks/endpoints/{id}", { ...path, body: { enabled } })),
                      );
                      setNotice(enabled ? "The endpoint was enabled." : "The endpoint was disabled.");
                    })
                  }
                />
              )}
              {writer && (
                <ConfirmButton
                  label="Rotate the secret"
                  question="Issue a new signing secret? The previous one keeps signing too for a while (24 h by default)."
                  confirmLabel="Yes, rotate"
                  onConfirm={() =>
                    act(async () => {
                      const r = await unwrap(api.POST("/api/v1/webhooks/endpoints/{id}/rotate-secret", path));
                      setEndpoint(r.endpoint);
                      setRotated({ secret: r.secret, previousUntil: r.previousSecretExpiresAt });
                      setNotice(`The secret was rotated: version ${r.endpoint.secretVersion}.`);
                    })
                  }
                />
              )}
              {writer && (
                <ConfirmButton
                  label="Delete"
                  question="Delete this endpoint with its deliveries and secrets? This cannot be undone."
                  confirmLabel="Yes, delete"
                  danger
                  onConfirm={() =>
                    act(async () => {
                      await unwrap(api.DELETE("/api/v1/webhooks/endpoints/{id}", path));
                      navigate("/webhooks", { state: { notice: `The endpoint ${endpoint.url} (${id}) was deleted.` } });
                    })
                  }
                />
              )}
            </div>
          )}
          {sender && (
            <TestSend
              endpointId={id}
              onSent={(d) => {
                setError(null);
                setNotice(`A test ${d.eventType} event was queued as delivery ${d.id}.`);
                setDeliveriesKey((k) => k + 1);
              }}
              onError={setError}
            />
          )}
        </>
      )}
      {endpoint && editing && (
        <EndpointForm endpoint={endpoint} busy={busy} onSubmit={(b) => void save(b)} onCancel={() => setEditing(false)} />
      )}
      <Deliveries
        key={deliveriesKey}
        endpointId={id}
        canSend={sender}
        onReplayed={(n) => setNotice(`${n} ${n === 1 ? "delivery was" : "deliveries were"} queued to be sent again.`)}
        onError={setError}
      />
    </section>
  );
}
