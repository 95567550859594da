/** @type {string[]} */
const log = [];

let html = "";

export function greet(name) {
  log.push(`greet ${name}`);
  return `Hello, ${name}!`;
}

export function list(items) {
  html = "";
  for (const item of items) html += `<li>${item}</li>`;
  return `<ul>${html}</ul>`;
}
