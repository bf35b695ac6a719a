// Brand tone guidelines (the guideline parts of a tone playbook) and the reply checker's contract.
// The checker itself is engine/tone.ts: pure, the same code on the server, in the engine's event
// decisions and in the browser as the strategist types.
import { z } from "zod";
import { Channel } from "./case";
import { Locale, Slug } from "./common";

/** Spanish register: informal "tú" forms, formal "usted" forms, or either. English has none. */
export const ToneRegister = z.enum(["tu", "usted", "any"]).meta({ id: "ToneRegister" });
export type ToneRegister = z.infer<typeof ToneRegister>;

/** How much a violation costs the score, and what a playbook may act on (`tone.severe`). */
export const ToneSeverity = z.enum(["minor", "major", "severe"]).meta({ id: "ToneSeverity" });
export type ToneSeverity = z.infer<typeof ToneSeverity>;

export const BannedPhraseCategory = z.enum(["over_promising", "jargon", "condescension", "other"]).meta({ id: "BannedPhraseCategory" });
export type BannedPhraseCategory = z.infer<typeof BannedPhraseCategory>;

export const BannedPhrase = z
  .object({
    phrase: z.string().trim().min(1).max(200).describe("matched on word boundaries, ignoring case and accents"),
    suggestion: z.string().max(500).optional().describe("the preferred alternative, offered as the replacement"),
    category: BannedPhraseCategory.default("other"),
    severity: ToneSeverity.default("major"),
    locale: Locale.optional().describe("only replies in this language; absent: every language"),
  })
  .meta({ id: "BannedPhrase" });
export type BannedPhrase = z.infer<typeof BannedPhrase>;

/** The mechanical rules a reply on a channel must follow. Every field is optional: absent means "not checked". */
export const ToneRules = z
  .object({
    register: ToneRegister.optional().describe("Spanish replies: tú or usted forms"),
    maxLength: z.number().int().min(1).max(100_000).optional().describe("characters"),
    emoji: z.boolean().optional().describe("false: emoji are not allowed"),
    greeting: z.boolean().optional().describe("true: the reply must open with a greeting"),
    signOff: z.boolean().optional().describe("true: the reply must close with a sign-off"),
    customerName: z.boolean().optional().describe("true: the reply must use the customer's name (checked when the name is known)"),
  })
  .meta({ id: "ToneRules" });
export type ToneRules = z.infer<typeof ToneRules>;

/** A channel's point of view and the rules that override the defaults there, field by field. */
export const ChannelTone = z
  .object({
    channel: Channel,
    pointOfView: z.string().max(500).optional().describe("a short guiding principle for the channel, e.g. «El auxiliar instantáneo»"),
    identity: z.enum(["sincerity", "excitement", "competence", "sophistication", "ruggedness"]).optional(),
    ...ToneRules.shape,
  })
  .meta({ id: "ChannelTone" });
export type ChannelTone = z.infer<typeof ChannelTone>;

/** Words that count as a greeting or a sign-off, per language (the checker has built-in lists; these add to them). */
export const TonePhraseLists = z
  .object({
    greetings: z.partialRecord(Locale, z.array(z.string().trim().min(1).max(100))).default({}),
    signOffs: z.partialRecord(Locale, z.array(z.string().trim().min(1).max(100))).default({}),
  })
  .meta({ id: "TonePhraseLists" });

export const ToneGuideline = z
  .enum(["register", "banned_phrase", "max_length", "emoji", "greeting", "sign_off", "customer_name"])
  .meta({ id: "ToneGuideline", description: "which kind of guideline a violation breaks" });
export type ToneGuideline = z.infer<typeof ToneGuideline>;

export const DetectedRegister = z.enum(["tu", "usted", "mixed", "none"]).meta({ id: "DetectedRegister" });
export type DetectedRegister = z.infer<typeof DetectedRegister>;

export const ToneViolation = z
  .object({
    guideline: ToneGuideline,
    severity: ToneSeverity,
    start: z.number().int().min(0).describe("UTF-16 offset in the draft where the span starts"),
    end: z.number().int().min(0).describe("offset just past the span (equal to start: a place, e.g. where a greeting is missing)"),
    text: z.string().describe("the span's text"),
    message: z.string().describe("what is wrong, in the reply's language"),
    suggestion: z.string().optional().describe("what to write instead, in the reply's language"),
    replacement: z.string().optional().describe("text that can replace the span as it is"),
    params: z.record(z.string(), z.union([z.string(), z.number()])).default({}).describe("the guideline's values (phrase, register, maxLength…), for other languages' messages"),
  })
  .meta({ id: "ToneViolation" });
export type ToneViolation = z.infer<typeof ToneViolation>;

export const ToneCheckInput = z
  .object({
    channel: Channel,
    locale: Locale.default("es"),
    text: z.string().min(1, "write the draft reply").max(100_000),
    customerName: z.string().max(200).optional().describe("checked by the customer-name rule"),
  })
  .meta({ id: "ToneCheckInput" });
export type ToneCheckInput = z.infer<typeof ToneCheckInput>;

export const ToneCheckRequest = ToneCheckInput.extend({
  playbookId: Slug.optional().describe("the tone playbook to check against; absent: the published one that applies to the channel"),
})
  .strict()
  .meta({ id: "ToneCheckRequest" });
export type ToneCheckRequest = z.infer<typeof ToneCheckRequest>;

export const ToneCheckResult = z
  .object({
    score: z.number().min(0).max(100).describe("100 minus each violation's cost (minor 5, major 15, severe 30), at least 0"),
    passed: z.boolean().describe("no violation at all"),
    register: DetectedRegister.describe("Spanish: which forms the draft uses"),
    length: z.number().int().min(0),
    violations: z.array(ToneViolation).describe("in the order of their spans"),
    rules: ToneRules.describe("the rules that applied on this channel (defaults with the channel's overrides)"),
    pointOfView: z.string().optional(),
  })
  .meta({ id: "ToneCheckResult" });
export type ToneCheckResult = z.infer<typeof ToneCheckResult>;

/** The API's answer: the check plus the playbook version it used. */
export const ToneCheckResponse = ToneCheckResult.extend({
  playbook: z.object({ playbookId: z.string(), versionId: z.string(), version: z.number().int(), name: z.string() }),
}).meta({ id: "ToneCheckResponse" });
export type ToneCheckResponse = z.infer<typeof ToneCheckResponse>;
