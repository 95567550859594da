/** Whether a class is serialised or copied in a way that would drop an accessor property. */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { lineOfNode, walk } from "../util/ast.js";
import { unwrap } from "./evidence.js";

// Ex) `JSON.stringify(this)`, `toJSON() {}`, `structuredClone(this)`, `Object.keys(this)`, `{ ...this }`
export function serialisation(
  ctx: TransformContext,
  klass: ts.ClassLikeDeclaration,
  classType: ts.Type | undefined,
): string | undefined {
  const { checker, sourceFile: sf } = ctx;
  if (klass.members.some((m) => m.name !== undefined && ts.isIdentifier(m.name) && m.name.text === "toJSON")) {
    return "the class defines its own serialisation (`toJSON`), which may rely on it being a plain property that is always set";
  }
  let found: string | undefined;
  const isThis = (e: ts.Expression | undefined): boolean =>
    e !== undefined && unwrap(e).kind === ts.SyntaxKind.ThisKeyword;
  walk(klass, (node) => {
    if (found) return;
    if (ts.isSpreadAssignment(node) && isThis(node.expression))
      found = "the class copies itself with `{ ...this }`, which would drop it once it is an accessor";
    if (!ts.isCallExpression(node)) return;
    const callee = node.expression.getText(sf);
    if ((callee === "JSON.stringify" || callee === "structuredClone") && isThis(node.arguments[0]))
      found = `the class serialises itself with \`${callee}(this)\`, which would drop it once it is an accessor`;
    else if (/^Object\.(keys|values|entries|assign|getOwnPropertyNames)$/.test(callee) && node.arguments.some(isThis)) {
      found = `the class enumerates its own properties with \`${callee}(…this…)\`, which would miss it once it is an accessor`;
    }
  });
  if (found || !classType) return found;
  // Ex) `JSON.stringify(section)` or `structuredClone(sections)` elsewhere in the file.
  if (!/\b(JSON\.stringify|structuredClone)\s*\(/.test(sf.text)) return undefined;
  walk(sf, (node) => {
    if (found || !ts.isCallExpression(node) || node.arguments.length === 0) return;
    const callee = node.expression.getText(sf);
    if (callee !== "JSON.stringify" && callee !== "structuredClone") return;
    let type = checker.getTypeAtLocation(node.arguments[0]);
    if (checker.isArrayType(type)) type = checker.getTypeArguments(type as ts.TypeReference)[0] ?? type;
    if (type === classType || (type.getSymbol() !== undefined && type.getSymbol() === classType.getSymbol())) {
      found = `the class is serialised with \`${callee}\` (line ${lineOfNode(sf, node)}), which would drop it once it is an accessor`;
    }
  });
  return found;
}
