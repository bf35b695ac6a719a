import { createCallerFactory, createTRPCRouter } from "./init";
import { decisionsRouter } from "./routers/decisions";
import { playbooksRouter } from "./routers/playbooks";

export const appRouter = createTRPCRouter({
  playbooks: playbooksRouter,
  decisions: decisionsRouter,
});

export type AppRouter = typeof appRouter;

/** Call procedures directly: server components and router tests. */
export const createCaller = createCallerFactory(appRouter);
