import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { PlaybookDocument } from "@/schemas";
import { SampleFile } from "./samples";

/** The example playbooks folder; callers outside the repo root (bundled servers) pass their own. */
export const PLAYBOOKS_DIR = path.join(process.cwd(), "playbooks");

export class PlaybookFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${file}: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`);
  }
}

function parseJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new PlaybookFileError(file, [{ path: "", message: `not valid JSON: ${(err as Error).message}` }]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new PlaybookFileError(
      file,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    );
  }
  return parsed.data;
}

/** Every `*.json` playbook directly in `dir`, parsed with PlaybookDocument, sorted by file name. */
export function readPlaybookFiles(dir: string = PLAYBOOKS_DIR): { file: string; document: PlaybookDocument }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      return { file, document: parseJsonFile(file, PlaybookDocument) };
    });
}

/** Every sample file in `dir/samples`, parsed with SampleFile. */
export function readSampleFiles(dir: string = PLAYBOOKS_DIR): { file: string; samples: SampleFile }[] {
  const samplesDir = path.join(dir, "samples");
  return readdirSync(samplesDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const file = path.join(samplesDir, f);
      return { file, samples: parseJsonFile(file, SampleFile) };
    });
}
