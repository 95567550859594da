interface Req {
  method: string;
  url: string;
}

const trace: string[] = [];

export function route(req: Req): number {
  trace.push(`${req.method} ${req.url} ${JSON.stringify(Array.from({ length: 200 }, (_, k) => k + req.url.length))}`);
  return req.url.length;
}

export async function main(): Promise<void> {
  let sum = 0;
  for (let i = 0; i < 8000; i++) sum += route({ method: "GET", url: `/item/${i}` });
  console.log(`sum ${sum}`);
}
