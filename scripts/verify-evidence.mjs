#!/usr/bin/env node
// Verify a Pauta evidence bundle without Pauta: plain Node (18+), no dependencies.
//
//   node scripts/verify-evidence.mjs bundle.json
//
// Prints "OK …" and exits 0 when every check passes; prints "FAIL: <the first failure>" and exits 1
// otherwise (2 when called without a file). Checks, in order:
//   1. each decision: sha256(prevHash + RFC 8785 JSON of its content) equals its hash, and the
//      content's columns agree with the decision it holds (id, case, queue, priority, matched, partial);
//   2. the chain links: consecutive decisions link up, each successor link points back at its
//      decision, the first row starts from the genesis hash, and the recorded head covers them;
//   3. each playbook version: sha256(RFC 8785 JSON of its document) equals its contentHash;
//   4. every playbook version a decision names is in the bundle;
//   5. the bundle digest: sha256 of the RFC 8785 JSON of the bundle without its digest.
// Self-contained on purpose: an auditor can read all of it.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const GENESIS = "0".repeat(64);

/**
 * RFC 8785 (JSON Canonicalization Scheme): object members sorted by their names' UTF-16 code units,
 * no whitespace, strings and numbers serialized as ECMAScript's JSON.stringify does.
 */
function canonical(value) {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("a number that is not finite cannot be canonicalized");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonical(v))).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  throw new Error(`cannot canonicalize a value of type ${typeof value}`);
}

const sha256 = (s) => createHash("sha256").update(s, "utf8").digest("hex");

class Failure extends Error {}
function check(ok, message) {
  if (!ok) throw new Failure(message);
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

function verify(bundle) {
  check(isObject(bundle), "the bundle is not a JSON object");
  check(bundle.format === "pauta-evidence-bundle", `unknown format '${bundle.format}' (expected 'pauta-evidence-bundle')`);
  check(bundle.version === 1, `unsupported bundle version ${bundle.version} (this script reads version 1)`);
  check(isObject(bundle.case) && typeof bundle.case.id === "string", "the bundle has no case");
  check(Array.isArray(bundle.decisions), "the bundle has no decisions list");
  check(Array.isArray(bundle.playbookVersions), "the bundle has no playbookVersions list");
  check(isObject(bundle.chain), "the bundle has no chain section");
  const genesis = bundle.chain.genesis ?? GENESIS;
  check(genesis === GENESIS, "the chain's genesis hash is not 64 zeros");

  // 1. every decision's hash, and its columns against the decision JSON they were copied from
  for (const [i, d] of bundle.decisions.entries()) {
    check(isObject(d) && isObject(d.content), `decisions[${i}] has no content`);
    const c = d.content;
    const name = `decision ${c.id} (seq ${d.seq})`;
    check(typeof d.prevHash === "string" && typeof d.hash === "string", `${name}: prevHash or hash is missing`);
    const recomputed = sha256(d.prevHash + canonical(c));
    check(recomputed === d.hash, `${name}: its content does not match its hash (recomputed ${recomputed}, recorded ${d.hash}): the decision was changed`);
    check(c.seq === d.seq, `${name}: the hashed content says seq ${c.seq}`);
    const dec = c.decision;
    check(isObject(dec), `${name}: the content holds no decision`);
    check(dec.id === c.id, `${name}: the decision inside has id ${dec.id}`);
    check(c.caseId === bundle.case.id && dec.caseId === bundle.case.id, `${name}: it belongs to case ${c.caseId}, not to the bundle's case ${bundle.case.id}`);
    check(c.queue === (dec.outcome?.queue ?? null), `${name}: queue column '${c.queue}' differs from the decision's outcome '${dec.outcome?.queue}'`);
    check(c.priority === (dec.outcome?.priority ?? null), `${name}: priority column '${c.priority}' differs from the decision's outcome '${dec.outcome?.priority}'`);
    check(c.matched === dec.matched && c.partial === dec.partial && c.decidedAt === dec.decidedAt && c.subject === dec.subject, `${name}: its columns differ from the decision inside`);
  }

  // 2. chain links around and between the case's decisions
  const head = bundle.chain.head;
  check(head === null || (isObject(head) && Number.isInteger(head.seq) && typeof head.hash === "string"), "the chain head is malformed");
  let before = null;
  for (const d of bundle.decisions) {
    const name = `decision ${d.content.id} (seq ${d.seq})`;
    if (before) check(d.seq > before.seq, `${name}: decisions are not in chain order`);
    if (before && d.seq === before.seq + 1) check(d.prevHash === before.hash, `${name}: its prevHash does not link to the previous decision (seq ${before.seq})`);
    if (d.seq === 1) check(d.prevHash === genesis, `${name}: the first decision of the log must start from the genesis hash`);
    if (d.next !== null && d.next !== undefined) {
      check(d.next.seq === d.seq + 1, `${name}: its successor link is for seq ${d.next.seq}`);
      check(d.next.prevHash === d.hash, `${name}: the next row (seq ${d.next.seq}) does not link to it`);
    }
    check(head !== null, `${name}: the bundle has no chain head`);
    check(d.seq <= head.seq, `${name}: it is past the recorded chain head (seq ${head.seq})`);
    if (d.seq === head.seq) check(d.hash === head.hash, `${name}: it is the chain head but its hash differs from the recorded head`);
    else check(d.next !== null && d.next !== undefined, `${name}: it is not the head, so its successor link must be included`);
    before = d;
  }

  // 3. playbook versions
  const versions = new Map();
  for (const [i, v] of bundle.playbookVersions.entries()) {
    check(isObject(v) && typeof v.versionId === "string", `playbookVersions[${i}] has no versionId`);
    const name = `playbook ${v.playbookId} v${v.version} (${v.versionId})`;
    const recomputed = sha256(canonical(v.document));
    check(recomputed === v.contentHash, `${name}: its document does not match its content hash (recomputed ${recomputed}, recorded ${v.contentHash}): the playbook was changed`);
    check(isObject(v.document) && v.document.id === v.playbookId, `${name}: the document is for playbook ${v.document?.id}`);
    versions.set(v.versionId, v);
  }

  // 4. every version a decision ran is included
  for (const d of bundle.decisions) {
    for (const p of d.content.decision.playbooks ?? []) {
      const v = versions.get(p.versionId);
      check(v !== undefined, `decision ${d.content.id} (seq ${d.seq}): it ran playbook ${p.playbookId} v${p.version} (${p.versionId}), which is not in the bundle`);
      check(v.playbookId === p.playbookId && v.version === p.version, `decision ${d.content.id} (seq ${d.seq}): version ${p.versionId} is ${v.playbookId} v${v.version} in the bundle, not ${p.playbookId} v${p.version}`);
    }
  }

  // 5. the digest over everything else
  const { digest, ...rest } = bundle;
  const recomputed = sha256(canonical(rest));
  check(recomputed === digest, `the bundle digest does not match (recomputed ${recomputed}, recorded ${digest}): something outside the hashed decisions was changed`);

  return `OK: case ${bundle.case.externalId ?? bundle.case.id}: ${bundle.decisions.length} decision(s), ${bundle.playbookVersions.length} playbook version(s), chain head seq ${head?.seq ?? "none"}, digest ${digest}`;
}

function main(argv) {
  const file = argv[2];
  if (!file || argv.length > 3) {
    console.error("usage: node verify-evidence.mjs <bundle.json>");
    return 2;
  }
  let bundle;
  try {
    bundle = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    console.log(`FAIL: ${file} is not a readable JSON file: ${e instanceof Error ? e.message : e}`);
    return 1;
  }
  try {
    console.log(verify(bundle));
    return 0;
  } catch (e) {
    if (e instanceof Failure) {
      console.log(`FAIL: ${e.message}`);
      return 1;
    }
    console.log(`FAIL: the bundle is malformed: ${e instanceof Error ? e.message : e}`);
    return 1;
  }
}

process.exitCode = main(process.argv);
