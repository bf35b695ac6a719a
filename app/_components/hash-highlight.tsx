"use client";
import { useEffect } from "react";

/**
 * Marks the rule card a `#rule-<id>` link points at. CSS :target alone misses client-side
 * navigations (history.pushState does not update it), which is how links from a decision arrive.
 */
export function HashHighlight() {
  useEffect(() => {
    const apply = () => {
      document.querySelectorAll(".rule-card.is-target").forEach((el) => el.classList.remove("is-target"));
      const id = decodeURIComponent(window.location.hash.slice(1));
      if (!id) return;
      const heading = document.getElementById(id);
      heading?.closest(".rule-card")?.classList.add("is-target");
      heading?.scrollIntoView({ block: "start" });
    };
    apply();
    window.addEventListener("hashchange", apply);
    return () => window.removeEventListener("hashchange", apply);
  }, []);
  return null;
}
