/** A playbook (or rule list) that cannot run; `issues` name each bad path, e.g. `rules[2].conditions.all[0].operator`. */
export class PlaybookCompileError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
    this.name = "PlaybookCompileError";
  }
}
