let loaded: string[] = []; // REPORT: accumulating-global manual

async function fetchText(url: string): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return `<${url}>`;
}

export async function loadAll(urls: readonly string[]): Promise<string> {
  loaded = [];
  for (const url of urls) {
    loaded.push(await fetchText(url));
  }
  return loaded.join("");
}
