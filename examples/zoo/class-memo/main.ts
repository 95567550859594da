interface Doc {
  id: number;
  words: string[];
}

class Indexer {
  private readonly counts = new Map<Doc, Map<string, number>>();

  count(doc: Doc): Map<string, number> {
    let c = this.counts.get(doc);
    if (!c) {
      c = new Map();
      for (const w of doc.words) c.set(w, (c.get(w) ?? 0) + 1);
      this.counts.set(doc, c);
    }
    return c;
  }
}

export const indexer = new Indexer();

export async function main(): Promise<void> {
  let distinct = 0;
  for (let i = 0; i < 800; i++) {
    const doc: Doc = { id: i, words: Array.from({ length: 400 }, (_, k) => `w${(k * 7 + i) % 300}-${i}`) };
    distinct += indexer.count(doc).size;
  }
  console.log(`distinct ${distinct}`);
}
