let ticks = 0;

async function work(ms: number): Promise<number> {
  const timer = setInterval(() => ticks++, 1000);
  try {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return ms;
  } finally {
    clearInterval(timer);
  }
}

export async function main(): Promise<void> {
  let total = 0;
  for (let i = 0; i < 5; i++) total += await work(5);
  console.log(`total ${total}, ticks ${ticks}`);
}
