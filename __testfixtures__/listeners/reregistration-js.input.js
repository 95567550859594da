function watch(name) {
  process.on("SIGTERM", () => console.log("stop", name)); // REPORT: leaked-listener manual
}

export function watchAll(names) {
  for (const name of names) watch(name);
}

function single() {
  process.on("SIGHUP", () => console.log("reload")); // OK: called once
}
single();
