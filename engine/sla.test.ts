import { describe, expect, it } from "vitest";
import { EscalationStep, SlaPolicy, type EscalationStepAt } from "@/schemas";
import { DEFAULT_WARNING_PERCENT, selectTarget, stepThresholdMs, targetMinutesFor } from "./sla";

const policy = SlaPolicy.parse({
  id: "standard",
  name: "Standard",
  time: "calendar",
  targets: [
    { channels: ["whatsapp"], priorities: ["urgent"], firstResponseMinutes: 5 },
    { channels: ["whatsapp", "webchat"], firstResponseMinutes: 15, nextResponseMinutes: 30 },
    { priorities: ["urgent", "high"], firstResponseMinutes: 30, resolutionMinutes: 240 },
    { firstResponseMinutes: 120, nextResponseMinutes: 240, resolutionMinutes: 2880 },
  ],
});

describe("selectTarget", () => {
  it.each([
    ["the first matching target wins", "whatsapp", "urgent", 5],
    ["channel list, any priority", "whatsapp", "low", 15],
    ["channel list, no priority", "webchat", undefined, 15],
    ["priority list, any channel", "email", "high", 30],
    ["a priority list does not match a case without priority", "email", undefined, 120],
    ["the catch-all", "twitter", "normal", 120],
  ] as const)("%s", (_, channel, priority, minutes) => {
    expect(selectTarget(policy, channel, priority)?.firstResponseMinutes).toBe(minutes);
  });

  it("undefined when no target matches", () => {
    const narrow = SlaPolicy.parse({ id: "vip", name: "VIP", time: "calendar", targets: [{ channels: ["phone"], firstResponseMinutes: 1 }] });
    expect(selectTarget(narrow, "email", "urgent")).toBeUndefined();
  });
});

describe("targetMinutesFor", () => {
  it("maps each metric to its field, undefined when the target has none", () => {
    const t = policy.targets[1]!;
    expect(targetMinutesFor(t, "first_response")).toBe(15);
    expect(targetMinutesFor(t, "next_response")).toBe(30);
    expect(targetMinutesFor(t, "resolution")).toBeUndefined();
    expect(targetMinutesFor(policy.targets[3]!, "resolution")).toBe(2880);
  });
});

describe("stepThresholdMs", () => {
  const step = (at: EscalationStepAt, extra: { percent?: number; minutes?: number } = {}) => EscalationStep.parse({ id: "s", at, ...extra });
  const target = 60 * 60_000;
  it.each([
    ["warning at the default 80 %", step("warning"), 48 * 60_000],
    ["warning at 50 %", step("warning", { percent: 50 }), 30 * 60_000],
    ["breach at the target", step("breach"), target],
    ["after_breach adds its minutes", step("after_breach", { minutes: 30 }), 90 * 60_000],
  ])("%s", (_, s, expected) => {
    expect(stepThresholdMs(s, target)).toBe(expected);
  });

  it("the default warning share is 80 % and thresholds are whole milliseconds", () => {
    expect(DEFAULT_WARNING_PERCENT).toBe(80);
    expect(stepThresholdMs(step("warning", { percent: 33.3 }), 7)).toBe(2);
    expect(Number.isInteger(stepThresholdMs(step("after_breach", { minutes: 0.0001 }), 1000))).toBe(true);
  });
});
