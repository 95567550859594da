export interface TreeNode {
  name: string;
  parent: TreeNode | null; // REPORT: back-reference manual
  children: TreeNode[];
}

export function addChild(parent: TreeNode, child: TreeNode): TreeNode {
  child.parent = parent;
  parent.children.push(child);
  return child;
}
