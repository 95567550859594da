const history: string[] = [];

export function run(code: string): unknown {
  history.push(code);
  return eval(code);
}
