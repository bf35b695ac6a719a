import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Role } from "../../auth/permissions";

/** People. The email is stored lower-cased; the password hash carries its own scrypt parameters and salt. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: text("role").$type<Role>().notNull(),
    /** "scrypt$N$r$p$salt$hash" (base64url) */
    passwordHash: text("password_hash").notNull(),
    createdAt: text("created_at").notNull(),
    disabledAt: text("disabled_at"),
    /** actor string of whoever invited them; "system:startup" for the first admin */
    invitedBy: text("invited_by"),
  },
  (t) => [index("users_role_idx").on(t.role)],
);

/** Signed-in browsers. Only the SHA-256 of the cookie's token is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    csrfToken: text("csrf_token").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

/** Failed sign-ins, for throttling by email and by address. Successful ones are not kept. */
export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("login_attempts_email_idx").on(t.email, t.at), index("login_attempts_ip_idx").on(t.ip, t.at)],
);

/** Pending and used invitations. The link's token is shown once; only its SHA-256 is stored. */
export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    email: text("email").notNull(),
    role: text("role").$type<Role>().notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    acceptedAt: text("accepted_at"),
    invitedBy: text("invited_by").notNull(),
  },
  (t) => [index("invitations_email_idx").on(t.email)],
);
