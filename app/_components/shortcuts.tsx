"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Two-key navigation ("g" then a letter), the convention of mail and issue trackers. Ignored while typing. */
export const NAV_SHORTCUTS: Record<string, string> = { o: "/", p: "/playbooks", d: "/decisions" };

export function Shortcuts() {
  const router = useRouter();
  useEffect(() => {
    let armedAt = 0;
    function onKey(e: KeyboardEvent): void {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      const key = e.key.toLowerCase();
      if (key === "g") {
        armedAt = e.timeStamp;
        return;
      }
      const href = NAV_SHORTCUTS[key];
      if (href && e.timeStamp - armedAt < 1200) {
        armedAt = 0;
        e.preventDefault();
        router.push(href);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router]);
  return null;
}
