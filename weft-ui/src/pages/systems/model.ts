import type { components } from "../../api/schema";

export type System = components["schemas"]["System"];
export type Connector = components["schemas"]["Connector"];
export type Credential = components["schemas"]["Credential"];
export type SystemCall = components["schemas"]["SystemCall"];
export type CredentialType = NonNullable<Credential["type"]>;

/** A circuit breaker's live state, as GET /api/v1/systems{/id} shows it under state. */
export interface Breaker {
  state?: string;
  failureRate?: number | null;
  bufferedCalls?: number;
  failedCalls?: number;
}

export interface EndpointState {
  baseUrl?: string;
  weight?: number;
  suspect?: boolean;
  circuitBreaker?: Breaker;
}

export interface LiveState {
  circuitBreaker?: Breaker;
  endpoints?: EndpointState[];
  rateLimit?: { availablePermits?: number };
  bulkhead?: { availableCalls?: number };
  cache?: { entries?: number };
}

/** The live state of a system, read defensively: the document gives it as a free-form object. */
export function liveState(system: System | null | undefined): LiveState {
  const s = system?.state;
  return s && typeof s === "object" ? (s as LiveState) : {};
}

/** The system ids the API accepts (components/parameters/systemId). */
export const SYSTEM_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The credential names the API accepts (components/parameters/credentialName). */
export const CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The feed's news of a breaker opening or closing (docs/gateway.md), which the systems pages follow. */
export const BREAKER_EVENTS = ["system.breaker_opened", "system.breaker_closed"];
