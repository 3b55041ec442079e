import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, asApiError, unwrap, type ApiError, type Execution, type Step } from "../api/client";
import { useNewest } from "../api/newest";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { useNavigatedNotice } from "../components/notice";
import { useSlowingInterval, useWhileVisible } from "../components/visible";
import { Json } from "../components/Json";
import { StatusBadge } from "../components/StatusBadge";
import { Time } from "../components/Time";
import { executionOf, useEventFeed } from "../live/events";
import { ExecutionActions, mayReplay } from "./ExecutionActions";
import { ErrorWords, StepItem } from "./StepItem";
import { useSession } from "../auth/session";
import { Timeline } from "./Timeline";
import { failedSteps } from "./timeline";

const UNFINISHED = new Set(["queued", "running", "waiting"]);
const POLL_MS = 3_000;
const SLOWEST_POLL_MS = 60_000;
const TICK_MS = 1_000;

/** One execution: its status, input, output and every step with its attempts; live while it runs. */
export default function ExecutionPage() {
  const { id = "" } = useParams();
  const [execution, setExecution] = useState<Execution | null>(null);
  const [moreSteps, setMoreSteps] = useState<Step[]>([]);
  const [stepsCursor, setStepsCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const navigate = useNavigate();
  // The notice a page passed along (a replay started) is shown once: a reload does not show it again.
  const [notice, setNotice] = useNavigatedNotice();
  const [replayFrom, setReplayFrom] = useState<string | null>(null);
  // Steps opened or closed by hand (or by an inspection), by path; the others show failed steps open.
  const [opened, setOpened] = useState<ReadonlyMap<string, boolean>>(new Map());
  const list = useRef<HTMLOListElement>(null);

  // How many pages of steps the reader has asked for ("More steps"): each read reads them all again, so steps
  // already shown stay, as they are now.
  const pages = useRef(1);
  // Every event of the stream starts a read: only the newest read's answer is shown, so an older answer
  // ("running") landing after a newer one ("succeeded") cannot put the page back.
  const begin = useNewest();
  const [pollMs, seen] = useSlowingInterval(POLL_MS, SLOWEST_POLL_MS);
  const load = useCallback(async () => {
    const current = begin();
    try {
      const x = await unwrap(api.GET("/api/v1/executions/{id}", { params: { path: { id } } }));
      const more: Step[] = [];
      let cursor = x.stepsNextCursor ?? null;
      for (let page = 1; page < pages.current && cursor; page++) {
        const next = await unwrap(
          api.GET("/api/v1/executions/{id}", { params: { path: { id }, query: { stepCursor: cursor } } }),
        );
        more.push(...(next.steps ?? []));
        cursor = next.stepsNextCursor ?? null;
      }
      if (!current()) return;
      seen(JSON.stringify([x, more]));
      setExecution(x);
      setMoreSteps(more);
      setStepsCursor(cursor);
      setError(null);
    } catch (e) {
      if (current()) setError(asApiError(e));
    }
  }, [id, begin, seen]);

  useEffect(() => {
    pages.current = 1;
    setExecution(null);
    setReplayFrom(null);
    setOpened(new Map());
    void load();
  }, [load]);

  const { can } = useSession();
  const running = execution?.status !== undefined && UNFINISHED.has(execution.status);
  // While it runs, the timeline's open bars grow with the clock, between the stream's events.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [running]);
  // The stream needs events.read across the tenant; without it, the page reads the execution again every few
  // seconds while it runs.
  const streamed = running && can("events.read");
  const feed = useEventFeed(
    streamed,
    (event) => {
      if (executionOf(event) === id) void load();
    },
    { execution: id, onOpen: () => void load() },
  );
  // Nothing is read while the tab is hidden; it is read at once when it shows again. An execution that stays
  // queued or waiting is read less and less often, up to once a minute, until something changes.
  useWhileVisible(load, pollMs, running && !streamed);

  function loadMoreSteps() {
    if (!stepsCursor) return;
    pages.current++;
    void load();
  }

  const steps = latestOf([...(execution?.steps ?? []), ...moreSteps]);
  const failed = failedSteps(steps);
  const ns = execution?.flow?.split("/")[0];
  const replayable = execution ? mayReplay(execution, can("executions.replay", ns)) : false;

  /** Opens a step in the list below and moves the focus to it. */
  function inspect(path: string) {
    setOpened((o) => new Map(o).set(path, true));
    requestAnimationFrame(() => {
      const item = list.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"] summary`);
      item?.scrollIntoView?.({ block: "start" });
      item?.focus();
    });
  }
  return (
    <section aria-labelledby="execution-title">
      <p>
        <Link to="/executions">← Executions</Link>
      </p>
      <h1 id="execution-title" className="mono wrap">
        {id}
      </h1>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {execution && (
        <>
          <dl className="facts">
            <dt>Flow</dt>
            <dd>
              {execution.flow} <span className="muted">v{execution.version}</span>
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={execution.status} /> {running && (
                <span className="muted">
                  {feed === "live"
                    ? "(live)"
                    : feed === "reconnecting"
                      ? "(reconnecting to live updates…)"
                      : `(read again every ${pollMs / 1000} s)`}
                </span>
              )}
            </dd>
            <dt>Started by</dt>
            <dd>
              <StartedBy execution={execution} />
            </dd>
            <dt>Created</dt>
            <dd>
              <Time value={execution.createdAt} />
            </dd>
            <dt>Finished</dt>
            <dd>
              <Time value={execution.finishedAt} />
            </dd>
          </dl>
          {failed.length > 0 && (
            <div className="card failed-steps" role="region" aria-label="Failed steps">
              <h2 className="card-title">
                {failed.length === 1 ? "A step failed" : `${failed.length} steps failed`}
              </h2>
              <ul>
                {failed.map((s) => (
                  <li key={s.path}>
                    <span className="mono">{s.path}</span>: <ErrorWords error={s.error} />{" "}
                    <button type="button" className="link-button" onClick={() => inspect(s.path ?? "")}>
                      Inspect {s.path}
                    </button>
                    {replayable && (
                      <>
                        {" "}
                        <button type="button" className="link-button" onClick={() => setReplayFrom(s.path ?? "")}>
                          Replay from {s.path}
                        </button>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ExecutionActions
            execution={execution}
            steps={steps}
            replayFrom={replayFrom}
            onReplayFrom={setReplayFrom}
            onReplayed={(text, replayId) => {
              setReplayFrom(null);
              navigate(`/executions/${encodeURIComponent(replayId)}`, { state: { notice: text } });
            }}
            onDone={(text, updated) => {
              setNotice(text);
              setError(null);
              if (updated) setExecution({ ...execution, ...updated, steps: execution.steps });
              void load();
            }}
            onError={(e) => {
              setNotice(null);
              setError(e);
            }}
          />
          <div className="columns">
            <details>
              <summary>Input</summary>
              <Json value={execution.input} />
            </details>
            <details open={execution.output !== undefined}>
              <summary>Output</summary>
              <Json value={execution.output} />
            </details>
            {execution.error !== undefined && execution.error !== null && (
              <details open>
                <summary>Error</summary>
                <Json value={execution.error} />
              </details>
            )}
          </div>
          <Timeline steps={steps} now={running ? now : Date.now()} onInspect={inspect} />
          <h2>Steps</h2>
          {steps.length === 0 ? (
            <p className="muted">No step has run yet.</p>
          ) : (
            <ol className="steps" ref={list}>
              {steps.map((s) => {
                const key = `${s.path}-${s.fromEarlierRun ? "earlier" : "now"}`;
                const isFailed = s.status === "failed" && !s.fromEarlierRun;
                return (
                  <StepItem
                    key={key}
                    step={s}
                    open={opened.get(s.path ?? "") ?? isFailed}
                    onToggle={(open) => setOpened((o) => new Map(o).set(s.path ?? "", open))}
                    onReplay={replayable && !s.fromEarlierRun ? () => setReplayFrom(s.path ?? "") : undefined}
                  />
                );
              })}
            </ol>
          )}
          {stepsCursor && (
            <button type="button" className="button" onClick={() => void loadMoreSteps()}>
              More steps
            </button>
          )}
        </>
      )}
    </section>
  );
}

/**
 * The steps of the pages read, each once: the pages list steps in the order they were last written, so a step
 * that changed while they were read shows again on a later page, and that later entry is the current one.
 */
function latestOf(steps: Step[]): Step[] {
  const byKey = new Map<string, Step>();
  for (const s of steps) {
    const key = `${s.path}-${s.fromEarlierRun ? "earlier" : "now"}`;
    byKey.delete(key);
    byKey.set(key, s);
  }
  return [...byKey.values()];
}

/** What started the execution, with a link to the execution it replays or was started from. */
function StartedBy({ execution }: { execution: Execution }) {
  const trigger = (execution.trigger ?? {}) as { replayOf?: unknown; replayFrom?: unknown; executionId?: unknown };
  const kind = execution.triggerKind ?? "manual";
  const link = (id: unknown) =>
    typeof id === "string" ? (
      <Link to={`/executions/${encodeURIComponent(id)}`} className="mono">
        {id}
      </Link>
    ) : null;
  if (kind === "replay") {
    return (
      <>
        a replay of {link(trigger.replayOf)}
        {typeof trigger.replayFrom === "string" && (
          <>
            {" "}
            from step <span className="mono">{trigger.replayFrom}</span>
          </>
        )}
      </>
    );
  }
  if (kind === "subflow" && execution.parentId) return <>a subflow step of {link(execution.parentId)}</>;
  if (kind === "flow" && typeof trigger.executionId === "string") return <>the end of {link(trigger.executionId)}</>;
  return <>{kind}</>;
}
