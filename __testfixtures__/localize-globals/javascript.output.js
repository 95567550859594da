export function greet(name) {
  /** @type {string[]} */
  const log = []; // REPORT: accumulating-global safe
  log.push(`greet ${name}`);
  return `Hello, ${name}!`;
}

export function list(items) {
  let html = ""; // REPORT: accumulating-global safe
  for (const item of items) html += `<li>${item}</li>`;
  return `<ul>${html}</ul>`;
}
