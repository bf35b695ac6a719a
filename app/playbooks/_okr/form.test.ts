import { describe, expect, it } from "vitest";
import { OkrPlaybook } from "@/schemas/playbook";
import { normalizePath } from "./format";
import { moved, nextId, toDocument, toForm } from "./form";

const doc = OkrPlaybook.parse({
  schemaVersion: 1,
  id: "okr-test",
  kind: "okr",
  name: "OKR test",
  objectives: [
    {
      id: "o1",
      title: "Clientes que vuelven",
      keyResults: [
        { id: "kr1", title: "CSAT 4,5", metric: "csat_avg", baseline: 4.1, target: 4.5, startDate: "2026-01-01", targetDate: "2026-03-31" },
        { id: "kr2", title: "Sin vencimientos", metric: "sla_breaches_per_day", channel: "whatsapp", target: 0 },
      ],
    },
  ],
});

describe("the OKR form", () => {
  it("gives back the document it was made from", () => {
    expect(toDocument(doc, toForm(doc))).toEqual(doc);
  });

  it("reads decimal commas, drops empty optional fields and leaves a bad number for the schema to refuse at its field", () => {
    const [o] = toForm(doc);
    const form = [{ ...o!, description: "  ", keyResults: [{ ...o!.keyResults[0]!, baseline: "", target: "4,7", channel: "" as const }, { ...o!.keyResults[1]!, target: "pronto" }] }];
    const out = toDocument(doc, form);
    expect(out.objectives[0]!.keyResults[0]).toEqual({ id: "kr1", title: "CSAT 4,5", metric: "csat_avg", target: 4.7, startDate: "2026-01-01", targetDate: "2026-03-31" });
    const refused = OkrPlaybook.safeParse(out);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => normalizePath(i.path.join(".")))).toEqual(["objectives.0.keyResults.1.target"]);
  });

  it("names new objectives and key results with ids unused across the set, and moves items one place", () => {
    expect(nextId("kr", toForm(doc))).toBe("kr3");
    expect(nextId("o", toForm(doc))).toBe("o2");
    expect(moved(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
  });

  it("puts the lint's and zod's paths in one form", () => {
    expect(normalizePath("objectives[0].keyResults[1].title")).toBe("objectives.0.keyResults.1.title");
    expect(normalizePath("document.objectives.2.title")).toBe("objectives.2.title");
  });
});
