const ids: number[] = [];

export function register(id: number): readonly number[] {
  ids.push(id);
  return ids;
}
