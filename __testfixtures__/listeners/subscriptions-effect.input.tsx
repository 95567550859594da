import { useEffect, useLayoutEffect, useState } from "react";

interface Store {
  subscribe(listener: () => void): () => void;
  watch(key: string, listener: () => void): { unsubscribe(): void };
  get(): number;
}

export const store: Store = null!;

export function Counter() {
  const [count, setCount] = useState(0);
  useEffect(() => {
    store.subscribe(() => setCount(store.get())); // REPORT: dropped-subscription safe
  }, []);
  return <span>{count}</span>;
}

export function Theme({ settings }: { settings: Store }) {
  const [theme, setTheme] = useState(0);
  useLayoutEffect(() => {
    const watcher = settings.watch("theme", () => setTheme(settings.get())); // REPORT: dropped-subscription safe
    return () => {
      console.log("bye");
    };
  }, [settings]);
  return <span>{theme}</span>;
}

export function Clean() {
  const [count, setCount] = useState(0);
  useEffect(() => store.subscribe(() => setCount(store.get())), []); // OK: returned as the cleanup
  useEffect(() => {
    return store.subscribe(() => setCount(store.get())); // OK: returned as the cleanup
  }, []);
  useEffect(() => {
    const watcher = store.watch("count", () => setCount(store.get())); // OK: unsubscribed in the cleanup
    return () => watcher.unsubscribe();
  }, []);
  return <span>{count}</span>;
}

export function EarlyReturn({ enabled }: { enabled: boolean }) {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    store.subscribe(() => setCount(store.get())); // REPORT: dropped-subscription manual
  }, [enabled]);
  return <span>{count}</span>;
}
