import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loginAs as ensureUser, TEST_PASSWORD } from "../../support/auth";
import { REPO_ROOT } from "../../support/server";
import { expect, test } from "../fixtures";

// The auditor's whole path, in Spanish (the default locale): sign in, find a case by its external id,
// read why it was routed and why another rule did not apply, replay it, verify the chain, export the
// evidence bundle — then check that bundle with the standalone script, and see it fail after one byte changes.
test.use({ role: null });

const SCRIPT = path.join(REPO_ROOT, "scripts/verify-evidence.mjs");

function verifyBundle(file: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT, file], { encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test("an auditor finds a case, reads why, replays it, verifies the chain and exports evidence the script checks", async ({ page, request, apiKey, baseURL }) => {
  const externalId = `wa-auditoria-${Date.now().toString(36)}`;
  // A WhatsApp lead from Mexico asking for a master's degree: the example posgrados playbook routes it
  // to posgrado-mx (rule maestria-mexico); maestria-colombia does not apply (the country is MX, not CO).
  const posted = await request.post("/api/v1/cases", {
    headers: { authorization: `Bearer ${apiKey}` },
    data: {
      externalId,
      channel: "whatsapp",
      text: "Hola, quiero información de la maestria en administración, ¿cuándo empiezan las clases?",
      customer: { id: "wa:5218112340000", name: "Ana Sofía López", country: "MX" },
      attributes: { account: "posgrados-unimx", program: "maestria en administracion", leadScore: 40 },
    },
  });
  expect(posted.status()).toBe(201);
  const { decisionId } = (await posted.json()) as { decisionId: string };

  // The auditor exists (invited by the admin); they sign in through the form like a person.
  const auditor = await ensureUser(baseURL!, "auditor");
  await page.goto("/login");
  await page.getByLabel("Correo").fill(auditor.email);
  await page.getByLabel("Contraseña").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page).not.toHaveURL(/\/login/);

  // Find the case by its external id.
  await page.goto("/audit/decisions");
  await page.getByLabel("ID externo").fill(externalId);
  await page.getByRole("button", { name: "Buscar", exact: true }).click();
  await page.getByRole("link", { name: new RegExp(externalId) }).first().click();
  await expect(page).toHaveURL(new RegExp(`/decisions/${decisionId}`));

  // Why it was routed: the rule that fired, with the values that made it fire, and the queue.
  await expect(page.locator(".queue").first()).toHaveText("posgrado-mx");
  const fired = page.locator('[data-rule="maestria-mexico"]');
  await expect(fired.getByTestId("fired-values")).toContainText("MX");
  // Why another rule did not apply: its first failing condition and the value it saw.
  const notFired = page.locator('[data-rule="maestria-colombia"]');
  await expect(notFired.getByTestId("first-fail")).toContainText("CO");
  await expect(notFired.getByTestId("first-fail")).toContainText("MX");

  // Replay it against the versions it recorded.
  await page.getByRole("button", { name: "Reproducir" }).click();
  await expect(page.getByTestId("replay-result")).toContainText("Idéntica");

  // Verify the whole chain: a progress bar, then OK.
  await page.goto("/audit/verify");
  await page.getByRole("button", { name: "Verificar todo el registro" }).click();
  const progress = page.getByRole("progressbar", { name: "Progreso de la verificación" });
  await expect(progress).toBeVisible();
  await expect(page.getByTestId("verify-result")).toContainText("Correcto");
  const checked = await page.getByTestId("verify-progress").textContent();
  const m = /(\d+) de (\d+) decisiones comprobadas/.exec(checked ?? "");
  expect(m, checked ?? "").not.toBeNull();
  expect(Number(m![1])).toBe(Number(m![2]));
  expect(Number(m![1])).toBeGreaterThanOrEqual(1);
  await expect(progress).toHaveAttribute("value", m![1]!);

  // Export the case's evidence bundle from the decision page.
  await page.goto(`/decisions/${decisionId}`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Exportar evidencia" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^pauta-evidence-${externalId}-\\d{4}-\\d\\d-\\d\\d\\.json$`));
  const dir = mkdtempSync(path.join(tmpdir(), "pauta-auditor-"));
  try {
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const bundle = JSON.parse(readFileSync(file, "utf8"));
    expect(bundle.generatedBy).toBe(`user:${auditor.email}`);

    // The standalone script accepts the bundle as downloaded…
    const ok = verifyBundle(file);
    expect(ok.out).toMatch(new RegExp(`^OK: case ${externalId}: 1 decision`));
    expect(ok.code).toBe(0);

    // …and refuses a copy with one byte changed (a digit of the customer id inside the decision's recorded facts).
    const bytes = readFileSync(file);
    const facts = bytes.indexOf('"facts":{', bytes.indexOf('"decisions":['));
    const at = bytes.indexOf("5218112340000", facts) + 4;
    expect(facts).toBeGreaterThan(0);
    expect(at).toBeGreaterThan(facts);
    const copy = Buffer.from(bytes);
    copy[at] = copy[at] === 0x37 ? 0x36 : 0x37;
    const tampered = path.join(dir, "tampered.json");
    writeFileSync(tampered, copy);
    const bad = verifyBundle(tampered);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`FAIL: decision ${decisionId}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
