import { z } from "zod";
import { CaseInput, Priority, Slug } from "@/schemas";

/** What a sample case must produce once every example playbook is published together. */
export const SampleExpectation = z
  .object({
    queue: z.string().min(1).nullable().optional().describe("the winning queue; null means no queue at all"),
    priority: Priority.optional(),
    tags: z.array(z.string()).optional().describe("exactly these tags, in any order"),
    skills: z.array(z.string()).optional().describe("exactly these skills, in any order"),
    slaPolicy: z.string().optional(),
    notify: z.array(z.string()).optional().describe("exactly these notification targets, in any order"),
    firedRules: z.array(Slug).default([]).describe("rule ids of this sample's playbook that must fire"),
    notFiredRules: z.array(Slug).optional().describe("rule ids of this sample's playbook that must not fire"),
    autoReplyContains: z.string().nullable().optional().describe("a fragment of the filled-in auto-reply text; null means no auto-reply"),
    autoReplyLocale: z.enum(["es", "en", "pt"]).optional(),
    matched: z.boolean().optional(),
    partial: z.boolean().optional(),
  })
  .strict();
export type SampleExpectation = z.infer<typeof SampleExpectation>;

export const SampleCase = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    case: CaseInput,
    expect: SampleExpectation,
  })
  .strict();
export type SampleCase = z.infer<typeof SampleCase>;

/** The shape of `playbooks/samples/<playbook-id>.json`. */
export const SampleFile = z
  .object({
    playbook: Slug.describe("the id of the playbook these samples exercise"),
    cases: z.array(SampleCase).min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const names = new Set<string>();
    f.cases.forEach((c, i) => {
      if (names.has(c.name)) ctx.addIssue({ code: "custom", path: ["cases", i, "name"], message: `sample name '${c.name}' is used twice` });
      names.add(c.name);
    });
  });
export type SampleFile = z.infer<typeof SampleFile>;
