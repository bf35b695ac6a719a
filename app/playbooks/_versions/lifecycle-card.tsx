"use client";
// A version's own page: its lifecycle (the same entry as in the playbook's versions list) in a card.
import { useI18n } from "@/app/_i18n/client";
import type { VersionList, VersionListItem } from "@/schemas/lifecycle";
import { VersionEntry } from "./entry";
import { versionText } from "./messages";
import { StatusRegion, useAnnouncer } from "./status";
import "./versions.css";

export function VersionLifecycleCard({ list, item }: { list: VersionList; item: VersionListItem }) {
  const { locale } = useI18n();
  const m = versionText(locale);
  const [status, announce] = useAnnouncer();
  return (
    <section className="card card-pad lc-section" aria-label={m.page.title}>
      <VersionEntry list={list} item={item} announce={announce} variant="page" />
      <StatusRegion status={status} />
    </section>
  );
}
