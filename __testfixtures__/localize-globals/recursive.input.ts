interface Tree {
  name: string;
  children: Tree[];
}

let names: string[] = []; // REPORT: accumulating-global manual

export function flatten(tree: Tree): string[] {
  names = [];
  names.push(tree.name);
  for (const child of tree.children) names.push(...flatten(child));
  return names;
}

// Through another function: `render` → `renderChildren` → `render`.
let html = ""; // REPORT: accumulating-global manual

function renderChildren(tree: Tree): string {
  return tree.children.map((c) => render(c)).join("");
}

export function render(tree: Tree): string {
  html = "";
  html += `<li>${tree.name}`;
  const children = tree.children.length > 0 ? renderChildren(tree) : "";
  if (children) html += `<ul>${children}</ul>`;
  html += "</li>";
  return html;
}
