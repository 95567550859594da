const history: string[] = []; // REPORT: accumulating-global manual

export function run(code: string): unknown {
  history.push(code);
  return eval(code);
}
