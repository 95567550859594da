interface Tree {
  name: string;
  children: Tree[];
}

let names: string[] = [];

export function flatten(tree: Tree): string[] {
  names = [];
  names.push(tree.name);
  for (const child of tree.children) names.push(...flatten(child));
  return names;
}
