const ids: number[] = []; // REPORT: accumulating-global manual

export function register(id: number): readonly number[] {
  ids.push(id);
  return ids;
}
