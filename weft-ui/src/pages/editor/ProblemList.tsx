import type { Located } from "./flowModel";

const SOURCE = { yaml: "YAML", schema: "schema", server: "validator" } as const;

/** The editor's problems in order of their lines; each a button that puts the cursor where it is. */
export function ProblemList({ problems, onGo }: { problems: Located[]; onGo(p: Located): void }) {
  if (problems.length === 0) return null;
  return (
    <section className="problems" aria-labelledby="problems-title">
      <h2 id="problems-title">Problems</h2>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.line}:${p.column}:${i}`}>
            <button type="button" className="link-button" onClick={() => onGo(p)}>
              Line {p.line}, column {p.column}
            </button>{" "}
            <span className="problem-message">{p.message}</span> <span className="muted">({SOURCE[p.source]})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
