import { describe, expect, it } from "vitest";
import { caseFromForm, caseFromJson, EMPTY_FORM, formFromCase } from "./case-form";

describe("caseFromForm", () => {
  it("builds a valid CaseInput with typed values and only the fields filled in", () => {
    const built = caseFromForm({
      ...EMPTY_FORM,
      channel: "email",
      text: "Quiero un reembolso",
      customerName: "Ana Pérez",
      tier: "vip",
      country: "mx",
      lifetimeValue: "1200,5",
      attributes: [
        { key: "program", value: "mba", type: "text" },
        { key: "orders", value: "3", type: "number" },
        { key: "student", value: "true", type: "boolean" },
        { key: "interests", value: "mba, data ,", type: "list" },
        { key: "", value: "", type: "text" },
      ],
    });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.value).toMatchObject({
      channel: "email",
      text: "Quiero un reembolso",
      customer: { name: "Ana Pérez", tier: "vip", country: "mx", lifetimeValue: 1200.5 },
      attributes: { program: "mba", orders: 3, student: true, interests: ["mba", "data"] },
    });
    expect(built.value.customer).not.toHaveProperty("segment");
    expect(built.value).not.toHaveProperty("language");
  });

  it("reports each problem at its field", () => {
    const built = caseFromForm({
      ...EMPTY_FORM,
      text: "  ",
      country: "Mexico",
      followers: "muchos",
      attributes: [
        { key: "", value: "x", type: "text" },
        { key: "n", value: "tres", type: "number" },
        { key: "n", value: "1", type: "number" },
      ],
    });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    const paths = built.errors.map((e) => e.path).sort();
    expect(paths).toEqual(["attributes.0.key", "attributes.1.value", "attributes.2.key", "customer.country", "customer.followers", "text"].sort());
  });
});

describe("caseFromJson", () => {
  it("accepts a CaseInput and reports syntax and schema errors", () => {
    const ok = caseFromJson(JSON.stringify({ externalId: "1", channel: "sms", text: "hola", customer: { id: "c1" } }));
    expect(ok.ok).toBe(true);
    const syntax = caseFromJson("{ nope");
    expect(syntax.ok === false && syntax.errors[0]?.code).toBe("json");
    const schema = caseFromJson(JSON.stringify({ externalId: "1", channel: "fax", text: "hola", customer: {} }));
    expect(schema.ok === false && schema.errors.map((e) => e.path).sort()).toEqual(["channel", "customer.id"]);
  });
});

describe("formFromCase", () => {
  it("round-trips through the form", () => {
    const input = {
      externalId: "x",
      channel: "whatsapp" as const,
      text: "hola",
      language: "es",
      customer: { id: "c", name: "Ana", tier: "new" as const, followers: 10 },
      attributes: { a: 1, b: ["x", "y"], c: false, d: "t" },
    };
    const back = caseFromForm(formFromCase(input));
    expect(back.ok && back.value).toMatchObject({ channel: "whatsapp", text: "hola", language: "es", customer: { name: "Ana", tier: "new", followers: 10 }, attributes: input.attributes });
  });
});
