/** @type {string[]} */
const log = []; // REPORT: accumulating-global safe

let html = ""; // REPORT: accumulating-global safe

export function greet(name) {
  log.push(`greet ${name}`);
  return `Hello, ${name}!`;
}

export function list(items) {
  html = "";
  for (const item of items) html += `<li>${item}</li>`;
  return `<ul>${html}</ul>`;
}
