/** A role's name: a choice among the tenant's roles when they can be read, else typed in. */
export function RoleInput({
  value,
  roles,
  onChange,
  label = "Role",
  name = "role",
}: {
  value: string;
  roles: string[];
  onChange: (v: string) => void;
  label?: string;
  name?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      {roles.length > 0 ? (
        <select name={name} required value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">choose…</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      ) : (
        <input name={name} required value={value} placeholder="viewer, operator, editor, admin…" onChange={(e) => onChange(e.target.value)} />
      )}
    </label>
  );
}
