import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";

/** The filters of these names in an address's query; a missing one is empty. */
export function filtersOfParams<K extends string>(keys: readonly K[], params: URLSearchParams): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ""])) as Record<K, string>;
}

/** The address's query for these filters: trimmed, the empty ones left out, in the order of {@code keys}. */
export function paramsOfFilters<K extends string>(keys: readonly K[], filters: Record<K, string>): URLSearchParams {
  const params = new URLSearchParams();
  keys.forEach((k) => {
    const v = filters[k].trim();
    if (v) params.set(k, v);
  });
  return params;
}

/**
 * A list's filters kept in the address, so that a filtered list can be linked and survives a reload, with the
 * form's draft of them: {@code apply} puts the draft in the address, {@code clear} empties it, and a change of
 * the address (back, forward, a link) puts its filters back in the draft. {@code key} is the address's query,
 * which changes exactly when the filters do. {@code keys} must not change between renders.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const filters = useMemo(() => filtersOfParams(keys, new URLSearchParams(key)), [keys, key]);
  const [draft, setDraft] = useState<Record<K, string>>(filters);

  useEffect(() => setDraft(filters), [filters]);

  function apply(e?: FormEvent) {
    e?.preventDefault();
    setParams(paramsOfFilters(keys, draft));
  }

  function clear() {
    setParams(new URLSearchParams());
  }

  return { key, filters, draft, setDraft, apply, clear };
}
