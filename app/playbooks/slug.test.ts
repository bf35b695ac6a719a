import { describe, expect, it } from "vitest";
import { Slug } from "@/schemas";
import { suggestSlug } from "./slug";

describe("suggestSlug", () => {
  it("turns a name into a valid playbook id", () => {
    expect(suggestSlug("Leads México — Posgrado")).toBe("leads-mexico-posgrado");
    expect(suggestSlug("  Atención VIP (2025)!! ")).toBe("atencion-vip-2025");
    expect(suggestSlug("Señales de crisis")).toBe("senales-de-crisis");
    expect(suggestSlug("¿?")).toBe("");
  });
  it("stays short and cuts at a word boundary", () => {
    const s = suggestSlug("enrutamiento de casos de clientes muy importantes de la region norte de mexico y centroamerica");
    expect(s.length).toBeLessThanOrEqual(60);
    expect(s.endsWith("-")).toBe(false);
    expect(Slug.safeParse(s).success).toBe(true);
    expect("enrutamiento de casos de clientes muy importantes de la region norte".replace(/ /g, "-").startsWith(s)).toBe(true);
  });
});
