import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caught, createTestContext } from "@/tests/support/db";
import { createPlaybook, getDraft } from "./drafts";
import { createFormPlaybook, getFormDocument, saveFormDocument } from "./documents";
import { getPlaybook } from "./playbooks";
import { publishVersion } from "./publishing";

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.close());

const ANA = "user:ana@pauta.test";

describe("tone and OKR playbooks, edited as a form", () => {
  it("a new one opens its starter document, in the chosen language, with no versions", () => {
    const view = createFormPlaybook(ctx, { id: "tono", name: "Tono de marca", kind: "tone", locale: "en", actor: ANA });
    expect(view).toMatchObject({ playbookId: "tono", kind: "tone", baseVersion: null, document: { kind: "tone", locale: "en", bannedPhrases: [], channels: [], rules: [] } });
    expect(getFormDocument(ctx, "tono")).toEqual(view);
    expect(getPlaybook(ctx, "tono")).toMatchObject({ versions: [], latestDocument: null });
    expect(createFormPlaybook(ctx, { id: "metas", name: "Metas", kind: "okr", actor: ANA }).document).toMatchObject({ kind: "okr", locale: "es", objectives: [] });
  });

  it("each save is a version; a save over a newer version is refused and names it", () => {
    const view = createFormPlaybook(ctx, { id: "tono", name: "Tono", kind: "tone", actor: ANA });
    const doc = { ...view.document, bannedPhrases: [{ phrase: "le garantizamos", suggestion: "haremos todo lo posible" }] };
    const v1 = saveFormDocument(ctx, { id: "tono", baseVersion: null, document: doc, comment: "primera", actor: ANA });
    expect(v1).toMatchObject({ version: 1, created: true, published: false, state: "validated" });
    expect(getFormDocument(ctx, "tono")).toMatchObject({ baseVersion: 1, document: { bannedPhrases: [{ phrase: "le garantizamos", severity: "major", category: "other" }] } });
    // the same document again writes nothing
    expect(saveFormDocument(ctx, { id: "tono", baseVersion: 1, document: doc, actor: ANA })).toMatchObject({ version: 1, created: false });
    const stale = caught(() => saveFormDocument(ctx, { id: "tono", baseVersion: null, document: { ...doc, whoWeAre: ["Útiles"] }, actor: ANA }));
    expect(stale.code).toBe("conflict");
    expect(stale.issues).toEqual([{ path: "baseVersion", message: "the newest version is 1" }]);
    publishVersion(ctx, { playbookId: "tono", version: 1, comment: "a producción", actor: ANA });
    expect(saveFormDocument(ctx, { id: "tono", baseVersion: 1, document: { ...doc, whoWeAre: ["Útiles"] }, actor: ANA })).toMatchObject({ version: 2, created: true });
  });

  it("refuses, at the field, what is not this playbook's document", () => {
    createFormPlaybook(ctx, { id: "tono", name: "Tono", kind: "tone", actor: ANA });
    const base = getFormDocument(ctx, "tono").document;
    expect(caught(() => saveFormDocument(ctx, { id: "tono", baseVersion: null, document: { ...base, bannedPhrases: [{ phrase: "" }] }, actor: ANA })).issues).toContainEqual(
      expect.objectContaining({ path: "bannedPhrases.0.phrase" }),
    );
    expect(caught(() => saveFormDocument(ctx, { id: "tono", baseVersion: null, document: { ...base, id: "otro" }, actor: ANA })).issues[0]?.path).toBe("document.id");
    expect(caught(() => saveFormDocument(ctx, { id: "tono", baseVersion: null, document: { ...base, kind: "okr", objectives: [] }, actor: ANA })).issues[0]?.path).toBe("document.kind");
  });

  it("keeps the canvas and the form apart, and ids unique across both", () => {
    createPlaybook(ctx, { id: "ruteo", name: "Ruteo", actor: ANA });
    expect(caught(() => getFormDocument(ctx, "ruteo")).message).toMatch(/drawn on the canvas/);
    expect(caught(() => createPlaybook(ctx, { id: "t", name: "T", kind: "tone", actor: ANA })).issues).toEqual([{ path: "kind", message: expect.stringMatching(/createDocument/) }]);
    expect(caught(() => createFormPlaybook(ctx, { id: "r", name: "R", kind: "routing", actor: ANA })).issues[0]?.path).toBe("kind");
    expect(caught(() => createFormPlaybook(ctx, { id: "ruteo", name: "Otra", kind: "okr", actor: ANA })).issues).toEqual([expect.objectContaining({ path: "id", code: "taken" })]);
    createFormPlaybook(ctx, { id: "tono", name: "Tono", kind: "tone", actor: ANA });
    expect(caught(() => getDraft(ctx, "tono")).message).toMatch(/only routing, escalation and crisis/);
  });
});
