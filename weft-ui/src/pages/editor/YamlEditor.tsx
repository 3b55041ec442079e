import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import { autocompletion, completionKeymap, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { parseDocument } from "yaml";
import { keySuggestions, pathAt, valueSuggestions, type Catalog } from "./completion";
import type { Located } from "./flowModel";

export interface YamlEditorHandle {
  /** Puts the cursor at a line and column (from 1) and focuses the editor. */
  goTo(line: number, column: number): void;
}

// Colours come from the app's theme variables, so the editor follows light and dark.
const theme = EditorView.theme({
  "&": { color: "var(--fg)", backgroundColor: "var(--bg)", border: "1px solid var(--border)", borderRadius: "6px", height: "100%" },
  ".cm-content": { caretColor: "var(--fg)", fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace" },
  ".cm-gutters": { backgroundColor: "var(--bg-raised)", color: "var(--fg-muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "var(--bg-raised)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--bg-raised)", color: "var(--fg)" },
  "&.cm-focused": { outline: "2px solid var(--focus)", outlineOffset: "2px" },
  "&.cm-focused .cm-cursor": { borderLeftColor: "var(--fg)" },
  ".cm-tooltip": { backgroundColor: "var(--bg-raised)", color: "var(--fg)", border: "1px solid var(--border)" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: "var(--accent)", color: "var(--accent-fg)" },
  ".cm-diagnostic-error": { borderLeftColor: "var(--danger)" },
  ".cm-lintRange-error": { backgroundImage: "none", textDecoration: "underline wavy var(--danger)" },
  ".cm-scroller": { overflow: "auto" },
});

const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "var(--accent)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--b-succeeded)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--b-cancelled)" },
  { tag: tags.comment, color: "var(--fg-muted)", fontStyle: "italic" },
  { tag: [tags.keyword, tags.typeName], color: "var(--b-waiting)" },
]);

/** The completion source: keys and values the schema and the catalog offer where the cursor is. */
export function completions(catalog: () => Catalog) {
  return (context: CompletionContext): CompletionResult | null => {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const lines = context.state.doc.toString().split("\n");
    const lineIndex = line.number - 1;
    const value = safeValue(context.state.doc.toString());
    const valueMatch = /^(\s*(?:-\s+)?)([A-Za-z0-9_$-]+):\s+(["']?)([^"'#]*)$/.exec(before);
    if (valueMatch) {
      const key = valueMatch[2] ?? "";
      const typed = valueMatch[4] ?? "";
      const options = valueSuggestions(pathAt(lines, lineIndex), key, value, catalog());
      if (options.length === 0) return null;
      return { from: context.pos - typed.length, options: options.map((o) => ({ label: o.label, detail: o.detail, info: o.info, type: "value" })), validFor: /^[\w.\-/]*$/ };
    }
    const keyMatch = /^(\s*(?:-\s+)?)([A-Za-z0-9_$-]*)$/.exec(before);
    if (keyMatch && (context.explicit || (keyMatch[2] ?? "").length > 0)) {
      const path = pathAt(lines, lineIndex);
      const present = new Set(siblingKeys(lines, lineIndex));
      const options = keySuggestions(path, value, present);
      if (options.length === 0) return null;
      return {
        from: context.pos - (keyMatch[2] ?? "").length,
        options: options.map((o) => ({ label: o.label, apply: `${o.label}: `, info: o.info, type: "property" })),
        validFor: /^[\w$-]*$/,
      };
    }
    return null;
  };
}

function safeValue(text: string): unknown {
  try {
    return parseDocument(text).toJS();
  } catch {
    return undefined;
  }
}

/** The keys already written in the mapping of the cursor's line (same key column, no shallower line between). */
function siblingKeys(lines: string[], lineIndex: number): string[] {
  const col = (t: string) => {
    const m = /^(\s*)(-\s+)?/.exec(t);
    return (m?.[1]?.length ?? 0) + (m?.[2]?.length ?? 0);
  };
  const here = col(lines[lineIndex] ?? "");
  const keys: string[] = [];
  for (const dir of [-1, 1]) {
    for (let i = lineIndex + dir; i >= 0 && i < lines.length; i += dir) {
      const t = lines[i] ?? "";
      if (/^\s*(#.*)?$/.test(t)) continue;
      const c = col(t);
      const key = /^\s*(?:-\s+)?([A-Za-z0-9_$-]+)\s*:/.exec(t)?.[1];
      if (c === here && key) keys.push(key);
      if (c < here || (c === here && /^\s*-/.test(t) && dir === 1)) break;
      if (c === here && /^\s*-/.test(t) && dir === -1) break;
    }
  }
  return keys;
}

function toDiagnostics(state: EditorState, problems: Located[]): Diagnostic[] {
  return problems.map((p) => {
    const line = state.doc.line(Math.min(Math.max(1, p.line), state.doc.lines));
    const from = Math.min(line.from + Math.max(0, p.column - 1), line.to);
    const to = Math.max(from, Math.min(line.to, from + Math.max(1, /^\S*/.exec(line.text.slice(from - line.from))?.[0].length ?? 1)));
    return { from, to, severity: "error", message: p.message, source: p.source };
  });
}

export const YamlEditor = forwardRef<
  YamlEditorHandle,
  { value: string; onChange(text: string): void; problems: Located[]; catalog: Catalog; readOnly?: boolean }
>(function YamlEditor({ value, onChange, problems, catalog, readOnly }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  const catalogRef = useRef(catalog);
  catalogRef.current = catalog;

  useEffect(() => {
    // The editor lives in a shadow root: CodeMirror then styles itself with constructed style sheets, which the
    // app's content security policy (style-src 'self', no inline <style>) allows; in the document itself it
    // would add <style> elements, which the policy refuses. The theme's colours still come through, as CSS
    // custom properties inherit into a shadow root.
    const shadow = host.current!.shadowRoot ?? host.current!.attachShadow({ mode: "open" });
    const mount = document.createElement("div");
    mount.className = "cm-mount";
    mount.style.height = "100%";
    shadow.appendChild(mount);
    const v = new EditorView({
      root: shadow,
      parent: mount,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          yaml(),
          syntaxHighlighting(highlight),
          autocompletion({ override: [completions(() => catalogRef.current)] }),
          lintGutter(),
          keymap.of([...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
          EditorState.tabSize.of(2),
          EditorState.readOnly.of(Boolean(readOnly)),
          EditorView.contentAttributes.of({ "aria-label": "Flow source (YAML)" }),
          theme,
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    // The text scrolls within its frame: the frame takes the keyboard focus too, as a scrolling region must.
    v.scrollDOM.tabIndex = 0;
    view.current = v;
    return () => {
      v.destroy();
      mount.remove();
      view.current = null;
    };
    // The view is made once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A change made elsewhere (the graph): only the changed middle is replaced, so the cursor and undo stay sensible.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const old = v.state.doc.toString();
    if (old === value) return;
    let start = 0;
    while (start < old.length && start < value.length && old[start] === value[start]) start++;
    let endOld = old.length;
    let endNew = value.length;
    while (endOld > start && endNew > start && old[endOld - 1] === value[endNew - 1]) {
      endOld--;
      endNew--;
    }
    v.dispatch({ changes: { from: start, to: endOld, insert: value.slice(start, endNew) } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, toDiagnostics(v.state, problems)));
  }, [problems, value]);

  useImperativeHandle(ref, () => ({
    goTo(line, column) {
      const v = view.current;
      if (!v) return;
      const l = v.state.doc.line(Math.min(Math.max(1, line), v.state.doc.lines));
      const pos = Math.min(l.from + Math.max(0, column - 1), l.to);
      v.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      v.focus();
    },
  }));

  return <div className="yaml-editor" ref={host} />;
});
