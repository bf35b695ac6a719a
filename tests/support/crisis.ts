// Generated cases for the crisis tests: varied Spanish complaints mentioning fraud, negative enough
// for the sentiment fact (checked by the tests that use them), all of the cooperative's account.
import type { CaseInput } from "@/schemas";

const OPENINGS = ["Es indignante", "Qué horrible", "Estoy furioso y triste", "Es una vergüenza", "Terrible", "Qué desastre", "Odio esto", "Es inaceptable"];
const PROBLEMS = [
  "me hicieron un fraude con la tarjeta",
  "un hackeo vació mi cuenta",
  "esto es una estafa",
  "hay un fraude en mi cuenta",
  "fue un hackeo a mi cuenta",
  "me llegó una estafa por mensaje",
];
const CLOSINGS = ["qué problema tan grave", "es un abuso y una negligencia", "siento angustia y rabia", "es lamentable", "pésimo servicio", "voy a denunciar este daño"];

/** The i-th generated fraud complaint (es), a different text for each i up to 288. */
export function fraudCase(i: number, run: string, extra: Partial<CaseInput> = {}): CaseInput {
  const text = `${OPENINGS[i % OPENINGS.length]}, ${PROBLEMS[Math.floor(i / OPENINGS.length) % PROBLEMS.length]}, ${CLOSINGS[Math.floor(i / (OPENINGS.length * PROBLEMS.length)) % CLOSINGS.length]}.`;
  return {
    externalId: `${run}-fraude-${i}`,
    channel: (["twitter", "facebook", "whatsapp", "instagram"] as const)[i % 4]!,
    language: "es",
    text,
    customer: { id: `${run}-socio-${i}`, name: `Socio ${i}`, segment: "socio", followers: 100 + i },
    attributes: { account: "cooperativa-sv" },
    ...extra,
  };
}
