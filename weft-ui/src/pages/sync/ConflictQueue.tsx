import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { useSession } from "../../auth/session";
import { ConfirmButton } from "../../components/Confirm";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Pager } from "../../components/Pager";
import { usePagedList } from "../../components/paging";
import { StatusBadge } from "../../components/StatusBadge";
import { useFocusFallback } from "../../components/focus";
import { Time } from "../../components/Time";
import { ConflictDiff } from "./ConflictDiff";
import type { SyncConflict } from "./types";

const STATUSES = ["open", "resolved", "applied", "any"] as const;
type Resolution = { take: "left" | "right" } | { record: Record<string, unknown> };

/** What a resolution the API recorded says, in words. */
export function resolutionText(c: SyncConflict): string {
  const r = c.resolution as { take?: string; record?: unknown } | undefined;
  if (!r) return "";
  if (r.take) return `the ${r.take} side's record was taken`;
  return `the record ${JSON.stringify(r.record)} was given`;
}

/**
 * The review queue of a sync job: each conflict's two records side by side, and, for a caller with
 * sync.run, the resolutions the API offers: take the left record, take the right one, or give the record.
 */
export function ConflictQueue({ job, onResolved }: { job: string; onResolved: () => void }) {
  const { can } = useSession();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("open");
  // A change of the status shown starts again on the first page.
  const paging = usePagedList(status);
  const [page, setPage] = useState<{ items: SyncConflict[]; next?: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const after = paging.cursor;

  const load = useCallback(async () => {
    try {
      const p = await unwrap(
        api.GET("/api/v1/sync/{job}/conflicts", {
          params: { path: { job }, query: { status, ...(after ? { after } : {}) } },
        }),
      );
      setPage({ items: p.items ?? [], next: p.next });
      setError(null);
    } catch (e) {
      setError(asApiError(e));
    }
  }, [job, status, after]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Resolves the conflict; whether the API took it (a refusal is shown in its words). */
  async function resolve(c: SyncConflict, resolution: Resolution): Promise<boolean> {
    setNotice(null);
    try {
      const done = await unwrap(
        api.POST("/api/v1/sync/{job}/conflicts/{id}/resolve", {
          params: { path: { job, id: c.id ?? "" } },
          body: resolution,
        }),
      );
      setNotice(
        `Conflict ${done.id} is ${done.status}: ${resolutionText(done)}. The next run (queued now) writes it to both sides.`,
      );
      setError(null);
      onResolved();
      await load();
      return true;
    } catch (e) {
      setError(asApiError(e));
      return false;
    }
  }

  const canResolve = can("sync.run");
  return (
    <section aria-labelledby="conflicts-title" id="conflicts">
      <h2 id="conflicts-title">Conflicts held for review</h2>
      <p className="muted">
        A record changed on both sides since the last sync that the job's rules hold for a person to decide. Fields in
        conflict are named as the right side's fields; each record is shown as it was read.
      </p>
      <label className="field inline">
        <span>Show</span>
        <select
          name="conflict-status"
          value={status}
          onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === "any" ? "all" : s}
            </option>
          ))}
        </select>
      </label>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {page && page.items.length === 0 && (
        <p className="muted empty">
          {status === "open" ? "No conflicts wait for review: every record changed on both sides was decided by the job's rules." : `No ${status === "any" ? "" : `${status} `}conflicts.`}
        </p>
      )}
      {page?.items.map((c) => (
        <article key={c.id} className="card conflict" aria-labelledby={`c-${c.id}`}>
          <h3 id={`c-${c.id}`} className="card-title">
            <span className="mono">{c.id}</span> <StatusBadge status={c.status} />
          </h3>
          <p className="muted">
            Held <Time value={c.createdAt} />
            {c.fields && c.fields.length > 0 && <> · in conflict: {c.fields.join(", ")}</>}
            {c.resolvedBy && (
              <>
                {" "}
                · resolved by {c.resolvedBy} <Time value={c.resolvedAt} />: {resolutionText(c)}
              </>
            )}
          </p>
          <ConflictDiff conflict={c} />
          {canResolve && c.status === "open" && <Resolve conflict={c} onResolve={(r) => resolve(c, r)} />}
        </article>
      ))}
      {(paging.number > 1 || page?.next) && (
        <Pager paging={paging} nextCursor={page?.next} label="Conflict pages" nextLabel="More conflicts" numbered={false} />
      )}
    </section>
  );
}

function Resolve({ conflict, onResolve }: { conflict: SyncConflict; onResolve: (r: Resolution) => Promise<boolean> }) {
  const [merging, setMerging] = useState(false);
  return (
    <>
      <div className="actions" aria-label={`Resolve ${conflict.id}`}>
        <ConfirmButton
          label="Keep left"
          question="Write the left record to both sides (to the right through the job's mapping)?"
          confirmLabel="Yes, keep left"
          onConfirm={async () => void (await onResolve({ take: "left" }))}
        />
        <ConfirmButton
          label="Keep right"
          question="Write the right record to both sides (to the left through the job's mapping)?"
          confirmLabel="Yes, keep right"
          onConfirm={async () => void (await onResolve({ take: "right" }))}
        />
        <button type="button" className="button" aria-expanded={merging} onClick={() => setMerging(!merging)}>
          Merge…
        </button>
      </div>
      {merging && <MergeForm conflict={conflict} onResolve={onResolve} onClose={() => setMerging(false)} />}
    </>
  );
}

type Choice = "left" | "right" | "other";

/**
 * The record as both sides should have it, in the right side's synced fields: for each field in conflict, the
 * left value (where the left record has a field of that name), the right value, or another JSON value.
 */
function MergeForm({
  conflict,
  onResolve,
  onClose,
}: {
  conflict: SyncConflict;
  onResolve: (r: Resolution) => Promise<boolean>;
  onClose: () => void;
}) {
  const fields = conflict.fields ?? [];
  const left = conflict.left ?? {};
  const right = conflict.right ?? {};
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(fields.map((f) => [f, "right" as Choice])),
  );
  const [others, setOthers] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f, JSON.stringify(right[f] ?? null)])),
  );
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  // A resolved conflict leaves the list with this form and its focused button: the focus goes to the heading.
  useFocusFallback([form]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const record: Record<string, unknown> = {};
    for (const f of fields) {
      const choice = choices[f];
      if (choice === "left") record[f] = left[f];
      else if (choice === "right") record[f] = right[f];
      else {
        try {
          record[f] = JSON.parse(others[f] ?? "");
        } catch (err) {
          setInvalid(`The value for ${f} is not valid JSON (write text in quotes, such as "Ada"): ${(err as Error).message}`);
          return;
        }
      }
    }
    setInvalid(null);
    setBusy(true);
    const done = await onResolve({ record });
    setBusy(false);
    // A refused record leaves the form as it was, to be mended; the refusal is shown above.
    if (done) onClose();
  }

  return (
    <form ref={form} className="card merge" onSubmit={submit} aria-label={`Merge ${conflict.id}`}>
      <p>For each field in conflict, the value both sides should have:</p>
      {fields.map((f) => (
        <fieldset key={f} className="segmented merge-field">
          <legend className="mono">{f}</legend>
          {Object.hasOwn(left, f) && (
            <label>
              <input type="radio" name={`${conflict.id}-${f}`} checked={choices[f] === "left"} onChange={() => setChoices({ ...choices, [f]: "left" })} />{" "}
              left <code>{JSON.stringify(left[f])}</code>
            </label>
          )}
          <label>
            <input type="radio" name={`${conflict.id}-${f}`} checked={choices[f] === "right"} onChange={() => setChoices({ ...choices, [f]: "right" })} />{" "}
            right <code>{JSON.stringify(right[f])}</code>
          </label>
          <label>
            <input type="radio" name={`${conflict.id}-${f}`} checked={choices[f] === "other"} onChange={() => setChoices({ ...choices, [f]: "other" })} />{" "}
            another value
          </label>
          {choices[f] === "other" && (
            <label className="field">
              <span>{f} (JSON)</span>
              <input
                className="mono"
                value={others[f] ?? ""}
                aria-invalid={invalid !== null}
                aria-describedby={invalid ? `${conflict.id}-invalid` : undefined}
                onChange={(e) => setOthers({ ...others, [f]: e.target.value })}
              />
            </label>
          )}
        </fieldset>
      ))}
      {invalid && (
        <p id={`${conflict.id}-invalid`} className="field-error" role="alert">
          {invalid}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button primary" disabled={busy || fields.length === 0}>
          Resolve with this record
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
