interface Request {
  id: number;
  body: number[];
}

const parsed = new Map<Request, number[]>();

function parse(req: Request): number[] {
  let out = parsed.get(req);
  if (!out) {
    out = req.body.map((n) => n * 2);
    parsed.set(req, out);
  }
  return out;
}

export async function main(): Promise<void> {
  let total = 0;
  for (let i = 0; i < 2000; i++) {
    const req: Request = { id: i, body: Array.from({ length: 1000 }, (_, k) => k + i) };
    total += parse(req)[1]! + parse(req)[2]!;
  }
  console.log(`total ${total}`);
}
