import { describe, expect, it } from "vitest";
import { en } from "./en";
import { es } from "./es";
import { fmt, localeFromAcceptLanguage, resolveLocale } from "./index";
import { settingsMessages } from "@/app/admin/settings/messages";
import { slaMessages } from "@/app/cases/_sla/messages";
import { contextMessages } from "@/app/decisions/_context/messages";
import { kindMessages } from "@/app/playbooks/_kinds/messages";
import { webhookMessages } from "@/app/admin/webhooks/messages";
import { notificationMessages } from "@/app/notifications/messages";
import { backtestMessages } from "@/app/playbooks/_backtest/messages";
import { editorMessages } from "@/app/playbooks/_editor/messages";
import { settingsMessages as nodeSettingsMessages } from "@/app/playbooks/_editor/settings/messages";
import { tryMessages } from "@/app/playbooks/_editor/try/messages";
import { versionMessages } from "@/app/playbooks/_versions/messages";
import { compareMessages } from "@/app/playbooks/[id]/compare/messages";
import { canvasPageMessages } from "@/app/playbooks/[id]/versions/[version]/canvas/messages";
import { crisisMessages } from "@/app/crisis/messages";
import { toneMessages } from "@/app/playbooks/_tone/messages";
import { okrMessages } from "@/app/playbooks/_okr/messages";
import { okrDashboardMessages } from "@/app/okr/messages";

function leaves(o: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

// tsc checks that English has Spanish's keys; this also checks that no text is empty and both fill the same placeholders.
describe.each([
  ["the app", { es, en }],
  ["the editor", editorMessages],
  ["the editor's try panel", tryMessages],
  ["the editor's settings panels", nodeSettingsMessages],
  ["a version's canvas", canvasPageMessages],
  ["the versions", versionMessages],
  ["the comparison", compareMessages],
  ["the backtest panel", backtestMessages],
  ["the workspace settings", settingsMessages],
  ["a case's SLA panel", slaMessages],
  ["a decision's context", contextMessages],
  ["the escalation and crisis panels", kindMessages],
  ["the webhooks", webhookMessages],
  ["the notifications", notificationMessages],
  ["the crisis dashboard", crisisMessages],
  ["the tone guidelines editor", toneMessages],
  ["the OKR set", okrMessages],
  ["the OKR dashboard", okrDashboardMessages],
])("%s's dictionaries", (_name, dict: { es: unknown; en: unknown }) => {
  it("English has exactly Spanish's keys, no empty text, and the same placeholders", () => {
    const esL = leaves(dict.es);
    const enL = leaves(dict.en);
    expect([...enL.keys()].sort()).toEqual([...esL.keys()].sort());
    for (const [k, v] of esL) {
      const other = enL.get(k) ?? "";
      expect(v.trim(), k).not.toBe("");
      expect(other.trim(), k).not.toBe("");
      expect(other.match(/\{\w+\}/g)?.sort() ?? [], k).toEqual(v.match(/\{\w+\}/g)?.sort() ?? []);
    }
  });
});

describe("locale", () => {
  it("prefers the cookie, then Accept-Language by quality, then Spanish", () => {
    expect(resolveLocale("en", "es-MX,es;q=0.9")).toBe("en");
    expect(resolveLocale(undefined, "fr-FR,en-US;q=0.8,es;q=0.5")).toBe("en");
    expect(resolveLocale(undefined, "en;q=0.3,es-CO;q=0.7")).toBe("es");
    expect(resolveLocale("xx", "de-DE")).toBe("es");
    expect(resolveLocale(undefined, null)).toBe("es");
    expect(localeFromAcceptLanguage("*")).toBeUndefined();
  });

  it("fills placeholders", () => {
    expect(fmt("{n} reglas", { n: 3 })).toBe("3 reglas");
    expect(fmt("v{n} de {x}", { n: 2 })).toBe("v2 de {x}");
  });
});
