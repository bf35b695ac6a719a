// A worker thread's entry: run one backtest on its own connection to the database file.
import { workerData } from "node:worker_threads";
import { openDb } from "../db/client";
import { runBacktest } from "./backtest-run";

const { dbFile, backtestId } = workerData as { dbFile: string; backtestId: string };
const { db, sqlite } = openDb(dbFile);
try {
  runBacktest({ db }, backtestId);
} finally {
  sqlite.close();
}
