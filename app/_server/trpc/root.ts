import { createCallerFactory, createTRPCRouter } from "./init";
import { decisionsRouter } from "./routers/decisions";
import { playbooksRouter } from "./routers/playbooks";
import { casesRouter } from "./routers/cases";
import { auditRouter } from "./routers/audit";
import { proofRouter } from "./routers/proof";
import { usersRouter } from "./routers/users";
import { versionsRouter } from "./routers/versions";
import { backtestsRouter } from "./routers/backtests";
import { settingsRouter } from "./routers/settings";
import { notificationsRouter, webhooksRouter } from "./routers/webhooks";
import { crisisRouter } from "./routers/crisis";
import { okrRouter } from "./routers/okr";

export const appRouter = createTRPCRouter({
  playbooks: playbooksRouter,
  decisions: decisionsRouter,
  cases: casesRouter,
  audit: auditRouter,
  proof: proofRouter,
  users: usersRouter,
  versions: versionsRouter,
  backtests: backtestsRouter,
  settings: settingsRouter,
  webhooks: webhooksRouter,
  notifications: notificationsRouter,
  crisis: crisisRouter,
  okr: okrRouter,
});

export type AppRouter = typeof appRouter;

/** Call procedures directly: server components and router tests. */
export const createCaller = createCallerFactory(appRouter);
