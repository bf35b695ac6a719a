"use client";
// The signed-in user and their permissions for client components, so the UI can hide what a role
// cannot do. The server still checks every call.
import { createContext, useContext, type ReactNode } from "react";
import type { Permission, SessionUser } from "./permissions";

const SessionContext = createContext<{ user: SessionUser; permissions: Permission[] } | null>(null);

export function SessionProvider({ user, permissions, children }: { user: SessionUser; permissions: Permission[]; children: ReactNode }) {
  return <SessionContext.Provider value={{ user, permissions }}>{children}</SessionContext.Provider>;
}

/** null on the signed-out pages (/login, /invite). */
export function useSession(): { user: SessionUser; permissions: Permission[] } | null {
  return useContext(SessionContext);
}

export function useCan(permission: Permission): boolean {
  return useContext(SessionContext)?.permissions.includes(permission) ?? false;
}

/** The CSRF cookie's value, for the x-csrf-token header of every mutation. */
export function csrfToken(): string {
  if (typeof document === "undefined") return "";
  const m = /(?:^|;\s*)pauta_csrf=([^;]*)/.exec(document.cookie);
  return m?.[1] ? decodeURIComponent(m[1]) : "";
}
