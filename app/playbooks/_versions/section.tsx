"use client";
// A playbook's versions (newest first, each with its lifecycle and actions), picking two to compare,
// and the publish log. The data comes from the server page (versions.list); after an action the
// page reloads it (router.refresh) and the status line says what happened.
import Link from "next/link";
import { useState } from "react";
import { LocalTime } from "@/app/_components/local-time";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import type { Publication, VersionList } from "@/schemas/lifecycle";
import { VersionEntry } from "./entry";
import { versionText } from "./messages";
import { actorName, versionHref } from "./parts";
import { StatusRegion, useAnnouncer } from "./status";
import "./versions.css";

export function VersionsSection({ list, historyHref }: { list: VersionList; historyHref: string }) {
  const { t, locale } = useI18n();
  const m = versionText(locale);
  const [status, announce] = useAnnouncer();
  // The two versions ticked for comparison, in the order they were ticked (a third replaces the first).
  const [picked, setPicked] = useState<number[]>([]);
  const onPick = (n: number, on: boolean) => setPicked((p) => (on ? [...p.filter((x) => x !== n), n].slice(-2) : p.filter((x) => x !== n)));
  const pair = picked.length === 2 ? [...picked].sort((a, b) => a - b) : null;
  const id = list.playbookId;

  return (
    <>
      <section className="card lc-section" aria-labelledby="versions-title">
        <div className="card-header">
          <h2 id="versions-title" className="card-title">
            {t.playbook.versions}
          </h2>
          <Link href={historyHref}>{t.history.playbookHistory}</Link>
        </div>
        <p className="lc-section-intro">{m.section.intro}</p>
        {list.requireApproval && <p className="lc-approval-note">{m.section.approvalOn}</p>}
        <StatusRegion status={status} />
        {list.versions.length === 0 ? (
          <p className="empty">{m.section.empty}</p>
        ) : (
          <>
            {list.versions.length > 1 && (
              <div className="lc-compare-bar">
                {pair ? (
                  <Link className="btn" href={`/playbooks/${encodeURIComponent(id)}/compare?from=${pair[0]}&to=${pair[1]}`}>
                    {fmt(m.compare.go, { a: pair[0] ?? "", b: pair[1] ?? "" })}
                  </Link>
                ) : (
                  <span>{m.compare.hint}</span>
                )}
              </div>
            )}
            <ol className="lc-versions">
              {list.versions.map((v) => (
                <li key={v.id} className={v.version === list.publishedVersion ? "is-live" : undefined} data-version={v.version}>
                  <VersionEntry list={list} item={v} announce={announce} variant="row" picked={picked.includes(v.version)} onPick={list.versions.length > 1 ? onPick : undefined} />
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
      <PublishLog playbookId={id} publications={list.publications} />
    </>
  );
}

function PublishLog({ playbookId, publications }: { playbookId: string; publications: Publication[] }) {
  const { t, locale } = useI18n();
  const m = versionText(locale);
  const v = (ref: Publication["from"]) => (ref ? <Link href={versionHref(playbookId, ref.version)}>{fmt(t.common.version, { n: ref.version })}</Link> : <span className="muted">{m.log.nothing}</span>);
  return (
    <section className="card lc-section" aria-labelledby="publish-log-title">
      <div className="card-header">
        <h2 id="publish-log-title" className="card-title">
          {m.log.title}
        </h2>
      </div>
      {publications.length === 0 ? (
        <p className="empty">{m.log.empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table lc-log">
            <caption className="sr-only">{m.log.intro}</caption>
            <thead>
              <tr>
                <th scope="col">{m.log.when}</th>
                <th scope="col">{m.log.kind}</th>
                <th scope="col">{m.log.change}</th>
                <th scope="col">{m.log.who}</th>
                <th scope="col">{m.log.comment}</th>
              </tr>
            </thead>
            <tbody>
              {publications.map((p) => (
                <tr key={p.id}>
                  <td className="nowrap">
                    <LocalTime iso={p.at} locale={locale} />
                  </td>
                  <td>{m.log.kinds[p.kind]}</td>
                  <td className="nowrap">
                    {v(p.from)} → {v(p.to)}
                  </td>
                  <td>{actorName(p.actor, m)}</td>
                  <td className="lc-comment">{p.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
