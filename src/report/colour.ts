/**
 * Whether to colour a stream: `NO_COLOR` (non-empty) turns colours off, `FORCE_COLOR` (non-empty,
 * not `0` or `false`) turns them on even when the stream is not a terminal, otherwise colours
 * only on a terminal whose TERM is not `dumb`. https://no-color.org
 */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  return Boolean(stream.isTTY) && env.TERM !== "dumb";
}
