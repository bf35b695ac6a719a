// Next calls register() once per server process before it serves requests.
export async function register(): Promise<void> {
  // Node only: the start-up opens SQLite. The dynamic import keeps it out of the edge bundle.
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./app/_server/register")).registerNode();
}
