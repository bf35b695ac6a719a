import { z } from "zod";

/** Identifiers people choose (playbook ids, rule ids): lower-case words joined by '-' or '_'. */
export const Slug = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "use lower-case letters, digits, '-' or '_' (e.g. leads-mexico)");

export const IsoDateTime = z.iso.datetime({ offset: true });

export const Locale = z.enum(["es", "en", "pt"]).meta({ id: "Locale", description: "UI and text language" });
export type Locale = z.infer<typeof Locale>;

/** Any JSON value (rule values, attribute values, fact values in traces). */
export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;
