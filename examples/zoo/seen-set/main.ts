interface Page {
  url: string;
  links: number[];
}

const visited = new Set<Page>();

function crawl(page: Page): boolean {
  if (visited.has(page)) return false;
  visited.add(page);
  return true;
}

export async function main(): Promise<void> {
  let fresh = 0;
  for (let i = 0; i < 1500; i++) {
    const page: Page = { url: `/p/${i}`, links: Array.from({ length: 1000 }, (_, k) => k * i) };
    if (crawl(page)) fresh++;
    if (crawl(page)) fresh++;
  }
  console.log(`fresh ${fresh}`);
}
