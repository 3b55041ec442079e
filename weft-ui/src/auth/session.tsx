import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, onUnauthorized, setCsrfToken, unwrap, ApiError } from "../api/client";
import type { paths } from "../api/schema";

export type Who = paths["/api/v1/auth/session"]["get"]["responses"]["200"]["content"]["application/json"];

export type Credentials = { tenant?: string; login: string; password: string } | { apiKey: string };

export interface SessionState {
  /** undefined while the first look-up runs; null when nobody is signed in. */
  who: Who | null | undefined;
  can(permission: string): boolean;
  signIn(credentials: Credentials): Promise<void>;
  signOut(): Promise<void>;
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

  const signOut = useCallback(async () => {
    try {
      await unwrap(api.POST("/api/v1/auth/logout"));
    } finally {
      setCsrfToken(undefined);
      setWho(null);
    }
  }, []);

  const value = useMemo<SessionState>(
    () => ({
      who,
      can: (permission) => who?.permissions?.includes(permission) ?? false,
      signIn,
      signOut,
    }),
    [who, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession needs a SessionProvider above it");
  return s;
}
