const seen: string[] = []; // REPORT: accumulating-global manual

export function once(id: string): boolean {
  if (seen.includes(id)) return false;
  seen.push(id);
  return true;
}
