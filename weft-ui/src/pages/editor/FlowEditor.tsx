import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, ApiError, asApiError, unwrap, type FlowVersion } from "../../api/client";
import { useSession } from "../../auth/session";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { useNavigatedNotice } from "../../components/notice";
import { type Catalog } from "./completion";
import { DeployPanel } from "./DeployPanel";
import { addStep, moveStep, removeStep, renameStep, setStepField, stepField, STEP_TYPES } from "./flowEdits";
import { allStepIds, listAt, locate, parseFlow, stepAt, type FlowModel, type Located, type Path } from "./flowModel";
import { FlowGraph } from "./FlowGraph";
import { ProblemList } from "./ProblemList";
import { checkSchema } from "./schemaCheck";
import { StepPanel } from "./StepPanel";
import { VersionsPanel } from "./VersionsPanel";
import { YamlEditor, type YamlEditorHandle } from "./YamlEditor";

export const NEW_FLOW = `id: my-flow
namespace: default
# What starts it besides the API: webhooks, schedules, other flows.
steps:
  - id: hello
    type: transform
    output: "Hello {{ input.name }}"
`;

const CHECK_AFTER_MS = 500;

/** The problems of the server's validator as the editor places them. */
export function serverProblems(details: unknown[]): Located[] {
  return details.flatMap((d) => {
    const p = d as { line?: unknown; column?: unknown; message?: unknown; path?: unknown };
    return typeof p.line === "number" && typeof p.message === "string"
      ? [{ line: p.line, column: typeof p.column === "number" ? p.column : 1, message: p.message, path: typeof p.path === "string" ? p.path : undefined, source: "server" as const }]
      : [];
  });
}

/**
 * The flow editor: the YAML beside the graph of its steps, both views of one text. Typing re-draws the graph;
 * the graph's edits rewrite the YAML through its Document, keeping comments and formatting elsewhere. The text
 * is checked as one types, against the flow schema at once and by the server's validator after a pause.
 */
export default function FlowEditor() {
  const params = useParams();
  const isNew = params.namespace === undefined;
  const { can } = useSession();
  const navigate = useNavigate();
  const [text, setText] = useState<string | null>(isNew ? NEW_FLOW : null);
  const [error, setError] = useState<ApiError | null>(null);
  // A deploy from /flows/new moves to the flow's own address, and its confirmation with it.
  const [notice, setNotice] = useNavigatedNotice();
  const [selected, setSelected] = useState<Path | null>(null);
  const [checked, setChecked] = useState<{ text: string; problems: Located[] } | null>(null);
  const [catalog, setCatalog] = useState<Omit<Catalog, "stepIds">>({ operations: [], systems: [] });
  const [panel, setPanel] = useState<"none" | "deploy" | "versions">("none");
  const [addType, setAddType] = useState("transform");
  const editor = useRef<YamlEditorHandle>(null);
  const lastGood = useRef<FlowModel | null>(null);
  const mayWrite = can("flows.write", params.namespace);

  useEffect(() => {
    if (isNew) return;
    const { namespace = "", id = "" } = params;
    unwrap(api.GET("/api/v1/flows/{namespace}/{id}", { params: { path: { namespace, id } } }))
      .then((v) => setText(v.source ?? ""))
      .catch((e) => setError(asApiError(e)));
  }, [isNew, params.namespace, params.id]); // eslint-disable-line react-hooks/exhaustive-deps

  // Operation and system names for completion, when the caller may read them.
  useEffect(() => {
    if (!can("systems.read")) return;
    Promise.all([unwrap(api.GET("/api/v1/connectors")), unwrap(api.GET("/api/v1/systems"))])
      .then(([c, s]) =>
        setCatalog({
          operations: c.connectors.flatMap((k) =>
            (k.operations as { name: string; description?: string; inputSchema?: unknown }[]).map((o) => ({
              name: o.name,
              description: o.description,
              inputSchema: o.inputSchema,
            })),
          ),
          systems: s.systems.map((x) => ({ id: x.id, connector: x.connector })),
        }),
      )
      .catch((e) => setError(asApiError(e)));
  }, [can]);

  // The server's validator, after a pause in typing; an answer for an older text is dropped.
  useEffect(() => {
    if (text === null || !mayWrite) return;
    let current = true;
    const timer = setTimeout(() => {
      unwrap(
        api.POST("/api/v1/flows/validate", {
          body: text as never,
          bodySerializer: (b: unknown) => b as string,
          headers: { "Content-Type": "application/yaml" },
        }),
      )
        .then((r) => current && setChecked({ text, problems: serverProblems(r.problems) }))
        .catch((e) => current && setError(asApiError(e)));
    }, CHECK_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, mayWrite]);

  const parsed = useMemo(() => parseFlow(text ?? ""), [text]);
  if (parsed.model) lastGood.current = parsed.model;
  const model = parsed.model ?? lastGood.current;

  const problems = useMemo(() => {
    if (parsed.errors.length > 0) return parsed.errors;
    let value: unknown;
    try {
      value = parsed.doc.toJS();
    } catch (e) {
      // An alias to nothing, say: the parser's own words, at the start.
      return [{ line: 1, column: 1, message: (e as Error).message, source: "yaml" as const }];
    }
    const local: Located[] = checkSchema(value).map((p) => ({ ...locate(parsed, p.path), message: p.message, path: p.path, source: "schema" }));
    const server = checked && checked.text === text ? checked.problems : [];
    const serverLines = new Set(server.map((p) => p.line));
    return [...server, ...local.filter((p) => !serverLines.has(p.line))].sort((a, b) => a.line - b.line || a.column - b.column);
  }, [parsed, checked, text]);
  const checking = text !== null && mayWrite && parsed.errors.length === 0 && checked?.text !== text;

  const stepIds = useMemo(() => (model ? allStepIds(model.steps) : []), [model]);
  const fullCatalog = useMemo(() => ({ ...catalog, stepIds }), [catalog, stepIds]);
  const step = model && selected ? stepAt(model, selected) : undefined;
  const target = parsed.model?.id ? { namespace: parsed.model.namespace ?? "default", id: parsed.model.id } : null;

  /** Applies one of the graph's edits to the text, saying what it did or why it could not. */
  function edit(change: (t: string) => string, done: string, select?: Path | null) {
    try {
      setText(change(text ?? ""));
      setNotice(done);
      setError(null);
      if (select !== undefined) setSelected(select);
    } catch (e) {
      setNotice(null);
      setError(new ApiError(0, "editor.edit_refused", (e as Error).message));
    }
  }

  const listPathOf = (p: Path) => p.slice(0, -1);
  const actions = step && {
    rename: (newId: string) =>
      edit((t) => renameStep(t, listPathOf(step.path), step.index, newId, stepIds), `Renamed step ${step.id} to ${newId}, and the steps that named it.`),
    move: (delta: -1 | 1) =>
      edit((t) => moveStep(t, listPathOf(step.path), step.index, step.index + delta), `Moved step ${step.id} ${delta < 0 ? "up" : "down"}.`, [
        ...listPathOf(step.path),
        step.index + delta,
      ]),
    remove: () => edit((t) => removeStep(t, listPathOf(step.path), step.index), `Removed step ${step.id}.`, null),
    addAfter: (type: string) =>
      edit((t) => addStep(t, listPathOf(step.path), step.index + 1, type, stepIds).text, `Added a ${type} step after ${step.id}.`, [
        ...listPathOf(step.path),
        step.index + 1,
      ]),
    setWith: (value: unknown) => edit((t) => setStepField(t, step.path, "with", value), `Changed the with of step ${step.id}.`),
  };

  if (text === null) {
    return (
      <section>
        <ErrorBanner error={error} />
        {!error && (
          <p className="loading" role="status">
            Loading…
          </p>
        )}
      </section>
    );
  }

  const title = isNew ? "New flow" : `${params.namespace}/${params.id}`;
  return (
    <section aria-labelledby="editor-title" className="flow-editor">
      <p>
        <Link to={isNew ? "/flows" : `/flows/${encodeURIComponent(params.namespace ?? "")}/${encodeURIComponent(params.id ?? "")}`}>
          ← {isNew ? "Flows" : title}
        </Link>
      </p>
      <h1 id="editor-title">{isNew ? title : `Edit ${title}`}</h1>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {!mayWrite && <p className="muted">Your role may read this flow but not change it: the editor is read-only.</p>}
      <div className="editor-toolbar">
        <p className="editor-status" role="status">
          {parsed.errors.length > 0
            ? "The YAML does not parse."
            : checking
              ? "Checking…"
              : problems.length === 0
                ? "No problems found."
                : `${problems.length} problem${problems.length === 1 ? "" : "s"}.`}
        </p>
        {mayWrite && (
          <button type="button" className="button primary" aria-expanded={panel === "deploy"} onClick={() => setPanel(panel === "deploy" ? "none" : "deploy")}>
            Deploy…
          </button>
        )}
        {!isNew && (
          <button type="button" className="button" aria-expanded={panel === "versions"} onClick={() => setPanel(panel === "versions" ? "none" : "versions")}>
            Versions
          </button>
        )}
      </div>
      {panel === "deploy" && (
        <DeployPanel
          target={target}
          text={text}
          onCancel={() => setPanel("none")}
          onDeployed={(v: FlowVersion, created: boolean) => {
            setPanel("none");
            setError(null);
            const said = created
              ? `Deployed ${v.namespace}/${v.id} as version ${v.version}.`
              : `Unchanged: version ${v.version} of ${v.namespace}/${v.id} already has this text.`;
            setNotice(said);
            if (isNew || v.namespace !== params.namespace || v.id !== params.id) {
              navigate(`/flows/${encodeURIComponent(v.namespace ?? "")}/${encodeURIComponent(v.id ?? "")}/edit`, {
                replace: isNew,
                state: { notice: said },
              });
            }
          }}
          onInvalid={(details) => setChecked({ text, problems: serverProblems(details) })}
        />
      )}
      {panel === "versions" && !isNew && (
        <VersionsPanel
          namespace={params.namespace ?? ""}
          id={params.id ?? ""}
          text={text}
          onLoad={
            mayWrite
              ? (source, version) => {
                  setText(source);
                  setNotice(`Version ${version} is in the editor; deploy it to make it the latest.`);
                }
              : undefined
          }
        />
      )}
      <div className="editor-split">
        <div className="editor-text">
          <YamlEditor ref={editor} value={text} onChange={setText} problems={problems} catalog={fullCatalog} readOnly={!mayWrite} />
          <ProblemList problems={problems} onGo={(p) => editor.current?.goTo(p.line, p.column)} />
        </div>
        <div className="editor-graph">
          {parsed.errors.length > 0 && model && <p className="muted">The YAML does not parse: the graph shows it as it last did.</p>}
          {model && <FlowGraph steps={model.steps} selected={selected} onSelect={setSelected} />}
          {mayWrite && parsed.model && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                const count = parsed.model!.steps.steps.length;
                edit((t) => addStep(t, ["steps"], count, addType, stepIds).text, `Added a ${addType} step at the end.`, ["steps", count]);
              }}
            >
              <label className="field">
                <span>Type of the step to add</span>
                <select value={addType} onChange={(e) => setAddType(e.target.value)}>
                  {STEP_TYPES.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </label>
              <button type="submit" className="button">
                Add a step at the end
              </button>
            </form>
          )}
          {step && actions && mayWrite && parsed.model && (
            <StepPanel
              step={step}
              count={listAt(parsed.model, step.path.slice(0, -1))?.steps.length ?? 0}
              withValue={stepField(text, step.path, "with")}
              inputSchema={catalog.operations.find((o) => o.name === step.operation)?.inputSchema}
              actions={actions}
            />
          )}
        </div>
      </div>
    </section>
  );
}
