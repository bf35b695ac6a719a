import { describe, expect, it } from "vitest";
import { settingsMessages } from "@/app/admin/settings/messages";
import { editorMessages } from "../_editor/messages";
import { versionMessages } from "./messages";

function leaves(o: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

// tsc checks the keys; this checks that no text is empty and both languages fill the same placeholders.
describe.each([
  ["versions", versionMessages],
  ["settings", settingsMessages],
  ["editor", editorMessages],
])("%s messages", (_name, { es, en }) => {
  it("has the same keys and placeholders in Spanish and English, and no empty text", () => {
    const a = leaves(es);
    const b = leaves(en);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) {
      const other = b.get(k) ?? "";
      expect(v.trim(), k).not.toBe("");
      expect(other.trim(), k).not.toBe("");
      expect(other.match(/\{\w+\}/g)?.sort() ?? [], k).toEqual(v.match(/\{\w+\}/g)?.sort() ?? []);
    }
  });
});
