import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, onUnauthorized, setCsrfToken, unwrap, ApiError } from "../api/client";
import type { components, paths } from "../api/schema";

/** A permission's wire name, as the OpenAPI document lists them: a misspelt one fails the build. */
export type Permission = components["schemas"]["Permission"];

export type Who = paths["/api/v1/auth/session"]["get"]["responses"]["200"]["content"]["application/json"];

export type Credentials = { tenant?: string; login: string; password: string } | { apiKey: string };

export interface SessionState {
  /** undefined while the first look-up runs; null when nobody is signed in. */
  who: Who | null | undefined;
  /**
   * Whether the caller holds {@code permission}: in {@code namespace} when given (a role of its own there may
   * grant more), else wherever it reaches.
   */
  can(permission: Permission, namespace?: string): boolean;
  signIn(credentials: Credentials): Promise<void>;
  signOut(): Promise<void>;
  /** A platform administrator's session moves to another tenant (as its admin) or back: see who.switchTenants. */
  switchTenant(tenant: string): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [who, setWho] = useState<Who | null | undefined>(undefined);

  const lookUp = useCallback(async () => {
    try {
      setWho(await unwrap(api.GET("/api/v1/auth/session")));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setWho(null);
      else throw e;
    }
  }, []);

  useEffect(() => {
    lookUp().catch(() => setWho(null));
    return onUnauthorized(() => {
      setCsrfToken(undefined);
      setWho(null);
    });
  }, [lookUp]);

  const signIn = useCallback(
    async (credentials: Credentials) => {
      const session = await unwrap(api.POST("/api/v1/auth/login", { body: credentials }));
      setCsrfToken(session.csrfToken);
      await lookUp();
    },
    [lookUp],
  );

  // A sign-out the server refused leaves the session valid: the error is shown (by the caller), and the page
  // does not pretend otherwise.
  const signOut = useCallback(async () => {
    await unwrap(api.POST("/api/v1/auth/logout"));
    setCsrfToken(undefined);
    setWho(null);
  }, []);

  const switchTenant = useCallback(
    async (tenant: string) => {
      const session = await unwrap(api.POST("/api/v1/auth/tenant", { body: { tenant } }));
      setCsrfToken(session.csrfToken);
      await lookUp();
    },
    [lookUp],
  );

  const value = useMemo<SessionState>(
    () => ({
      who,
      can: (permission, namespace) => {
        if (namespace !== undefined) {
          // A caller limited to namespaces may do nothing outside them, whatever its role lists.
          const reach = who?.namespaces ?? [];
          if (reach.length > 0 && !reach.includes(namespace)) return false;
        }
        const there = namespace === undefined ? undefined : who?.namespacePermissions?.[namespace];
        return (there ?? who?.permissions)?.includes(permission) ?? false;
      },
      signIn,
      signOut,
      switchTenant,
    }),
    [who, signIn, signOut, switchTenant],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession needs a SessionProvider above it");
  return s;
}
