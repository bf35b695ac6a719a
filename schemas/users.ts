// People, sessions and invitations: request and response shapes for the users router and /api/v1/session.
import { z } from "zod";
import { IsoDateTime } from "./common";

export const ROLES = ["admin", "strategist", "operator", "auditor"] as const;
export const Role = z.enum(ROLES).meta({
  id: "Role",
  description: "admin: users, settings, keys and everything else; strategist: edit drafts, simulate; operator: publish, roll back, approve; auditor: read, verify, replay, export",
});
export type Role = z.infer<typeof Role>;

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "at most 254 characters")
  .pipe(z.email("enter an email address like ana@example.com"));

export const Password = z.string().min(12, "use at least 12 characters").max(200, "use at most 200 characters");

export const UserInfo = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: Role,
    createdAt: IsoDateTime,
    disabledAt: IsoDateTime.nullable(),
    invitedBy: z.string().nullable(),
  })
  .meta({ id: "User" });
export type UserInfo = z.infer<typeof UserInfo>;

export const InvitationInfo = z.object({
  id: z.string(),
  email: z.string(),
  role: Role,
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  acceptedAt: IsoDateTime.nullable(),
  invitedBy: z.string(),
});
export type InvitationInfo = z.infer<typeof InvitationInfo>;

export const InviteRequest = z.object({ email: Email, role: Role });
/** The link carries the secret token; it is shown once. */
export const InvitationCreated = InvitationInfo.extend({ token: z.string(), path: z.string() });
export type InvitationCreated = z.infer<typeof InvitationCreated>;

export const AcceptInvitationRequest = z.object({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1, "enter your name").max(120, "at most 120 characters"),
  password: Password,
});

export const LoginRequest = z.object({
  email: z.string().trim().min(1, "enter your email").max(254),
  password: z.string().min(1, "enter your password").max(200),
});

export const SessionInfo = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: Role }),
  csrfToken: z.string(),
  expiresAt: IsoDateTime,
  permissions: z.array(z.string()),
});
export type SessionInfo = z.infer<typeof SessionInfo>;
