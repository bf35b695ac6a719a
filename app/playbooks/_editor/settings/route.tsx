"use client";
// Route: the queue (required) and team (optional) the case goes to.
import type { SettingsProps } from "../store";
import { TextField } from "./fields";
import { issuesUnder, usedValues } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

type RouteData = SettingsProps<"route">["node"]["data"];

export function RouteSettings({ node, update, issues, locale, readOnly, doc }: SettingsProps<"route">) {
  const t = sm(locale);
  const data = node.data;
  return (
    <Panel readOnly={readOnly} kind="route">
      <TextField
        label={t.route.queue}
        value={data.queue}
        onChange={(queue) => update({ ...data, queue }, `${node.id}:queue`)}
        locale={locale}
        issues={issuesUnder(issues, "queue")}
        suggestions={usedValues<RouteData>(doc.graph.nodes, "route", (d) => d.queue)}
        mono
      />
      <TextField
        label={`${t.route.team} (${t.common.optional})`}
        value={data.team ?? ""}
        onChange={(team) => {
          const { team: _drop, ...rest } = data;
          update(team === "" ? rest : { ...rest, team }, `${node.id}:team`);
        }}
        locale={locale}
        issues={issuesUnder(issues, "team")}
        suggestions={usedValues<RouteData>(doc.graph.nodes, "route", (d) => d.team)}
      />
    </Panel>
  );
}
