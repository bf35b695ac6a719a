import { z } from "zod";
import { JsonValue } from "./common";

/**
 * json-rules-engine (v7) condition grammar. Pauta accepts exactly these shapes, so a rule file
 * written for json-rules-engine loads here unchanged and gives the same answers.
 */
export const FactReference = z
  .object({
    fact: z.string().min(1),
    path: z.string().optional(),
    params: z.record(z.string(), JsonValue).optional(),
  })
  .strict()
  .meta({ id: "FactReference", description: "compare against another fact instead of a constant" });
export type FactReference = z.infer<typeof FactReference>;

const common = {
  name: z.string().max(200).optional(),
  priority: z.number().int().min(1).optional(),
};

export const LeafCondition = z
  .object({
    ...common,
    fact: z.string().min(1, "name the fact to test"),
    path: z.string().optional(),
    params: z.record(z.string(), JsonValue).optional(),
    operator: z.string().min(1, "choose an operator"),
    value: z.union([FactReference, JsonValue]),
  })
  .strict()
  .meta({ id: "LeafCondition" });
export type LeafCondition = z.infer<typeof LeafCondition>;

export type Condition =
  | LeafCondition
  | { all: Condition[]; name?: string; priority?: number }
  | { any: Condition[]; name?: string; priority?: number }
  | { not: Condition; name?: string; priority?: number }
  | { condition: string; name?: string; priority?: number };

export type TopLevelCondition = Exclude<Condition, LeafCondition>;

export const AllCondition = z
  .object({
    ...common,
    get all(): z.ZodArray<typeof Condition> {
      return z.array(Condition);
    },
  })
  .strict();
export const AnyCondition = z
  .object({
    ...common,
    get any(): z.ZodArray<typeof Condition> {
      return z.array(Condition);
    },
  })
  .strict();
export const NotCondition = z
  .object({
    ...common,
    get not(): typeof Condition {
      return Condition;
    },
  })
  .strict();
export const ConditionReference = z
  .object({ ...common, condition: z.string().min(1) })
  .strict()
  .meta({ description: "a shared named condition of the playbook" });

export const Condition: z.ZodType<Condition> = z
  .union([AllCondition, AnyCondition, NotCondition, ConditionReference, LeafCondition])
  .meta({ id: "Condition" });

export const TopLevelCondition: z.ZodType<TopLevelCondition> = z
  .union([AllCondition, AnyCondition, NotCondition, ConditionReference])
  .meta({ id: "TopLevelCondition", description: "a rule's conditions start with all, any, not or a shared condition" });

/** A plain json-rules-engine rule, as `new Rule(json)` accepts it. */
export const JsonRule = z
  .object({
    name: z.string().max(200).optional(),
    priority: z.number().int().min(1).optional(),
    conditions: TopLevelCondition,
    event: z.object({ type: z.string().min(1), params: z.record(z.string(), JsonValue).optional() }),
  })
  .meta({ id: "JsonRule" });
export type JsonRule = z.infer<typeof JsonRule>;
