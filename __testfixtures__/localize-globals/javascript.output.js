export function greet(name) {
  /** @type {string[]} */
  const log = [];
  log.push(`greet ${name}`);
  return `Hello, ${name}!`;
}

export function list(items) {
  let html = "";
  for (const item of items) html += `<li>${item}</li>`;
  return `<ul>${html}</ul>`;
}
