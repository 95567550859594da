/** The edits of the back-reference fix: a private `WeakRef` field behind a getter and setter. */
import { ts } from "../../engine/ts-morph.cjs";
import type { TextEdit, TransformContext } from "../../engine/types.js";
import { accessModifiersText, indentationAt, jsDocRanges, newLineOf } from "../util/ast.js";
import { EditBuilder, SourceLayout } from "../util/edit-builder.js";
import { nameOfAssignment, type Declaration } from "./declaration.js";
import type { Nullability, TypeParts } from "./owner-type.js";

/** The edits replacing the property by a private `WeakRef` field and an accessor pair. */
export function editsFor(
  ctx: TransformContext,
  decl: Extract<Declaration, { kind: "field" | "parameter" | "js-assignments" }>,
  parts: TypeParts,
  backing: string,
  initialNull: boolean,
): TextEdit[] {
  if (decl.kind === "field") return fieldEdits(ctx.sourceFile, decl, parts, backing, initialNull);
  if (decl.kind === "parameter") return parameterEdits(ctx.sourceFile, decl, parts, backing);
  return jsAssignmentEdits(ctx.sourceFile, decl, parts, backing);
}

// Ex) `parent: Node | null = null;` → `#parent: WeakRef<Node> | undefined = undefined;` and the accessors
function fieldEdits(
  sf: ts.SourceFile,
  decl: Extract<Declaration, { kind: "field" }>,
  parts: TypeParts,
  backing: string,
  initialNull: boolean,
): TextEdit[] {
  const nl = newLineOf(sf);
  const klass = decl.klass;
  const node = decl.node;
  const name = node.name.getText(sf);
  const modifiers = accessModifiersText(node, sf);
  const docs = jsDocRanges(sf, node);
  const start = docs.length > 0 ? docs[0].pos : node.getStart(sf);
  const docComment = docs.length > 0 ? sf.text.slice(docs[0].pos, node.getStart(sf)).trimEnd() : "";
  const indent = indentationAt(sf, start);
  const text = accessorText({
    name,
    backing,
    modifiers,
    ownerText: parts.ownerText,
    annotationText: node.type?.getText(sf),
    nullability: parts.nullability,
    undefinedWritten: parts.undefinedWritten === true,
    initialNull,
    indent,
    unit: indentUnit(sf, klass, node),
    nl,
    docComment,
  });
  return new EditBuilder(sf).replaceRange(start, node.getEnd(), text).edits;
}

// Ex) `constructor(public parent: Node | null)` → `constructor(parent: Node | null) { this.parent = parent; }` and the accessors
function parameterEdits(
  sf: ts.SourceFile,
  decl: Extract<Declaration, { kind: "parameter" }>,
  parts: TypeParts,
  backing: string,
): TextEdit[] {
  const nl = newLineOf(sf);
  const klass = decl.klass;
  const param = decl.node;
  const ctor = decl.ctor;
  const name = param.name.getText(sf);
  const modifierNodes = ts.getModifiers(param) ?? [];
  const modifiers = accessModifiersText(param, sf);
  const indent = indentationAt(sf, ctor.getStart(sf));
  const unit = indentUnit(sf, klass, ctor);
  const text = accessorText({
    name,
    backing,
    modifiers,
    ownerText: parts.ownerText,
    annotationText: param.type?.getText(sf),
    nullability: parts.nullability,
    undefinedWritten: parts.undefinedWritten === true,
    initialNull: false,
    indent,
    unit,
    nl,
    docComment: "",
  });
  const edits = new EditBuilder(sf);
  // Ex) `constructor(public parent: Node | null)` → `constructor(parent: Node | null)`
  const firstModifier = modifierNodes[0];
  edits.deleteRange(firstModifier.getStart(sf), param.name.getStart(sf));
  // The accessors go where the constructor was, the constructor after them.
  const ctorStart = ctor.getStart(sf);
  edits.insertAt(ctorStart, `${text}${nl}${indent}`);
  // `this.parent = parent;` first in the body (after `super(...)`).
  const body = ctor.body!;
  const superCall = body.statements.find(
    (s) =>
      ts.isExpressionStatement(s) &&
      ts.isCallExpression(s.expression) &&
      s.expression.expression.kind === ts.SyntaxKind.SuperKeyword,
  );
  const bodyIndent = `${indent}${unit}`;
  const assignment = `this.${name} = ${name};`;
  if (superCall) {
    edits.insertAt(superCall.getEnd(), `${nl}${bodyIndent}${assignment}`);
  } else if (body.statements.length > 0) {
    const first = body.statements[0].getStart(sf);
    edits.insertAt(first, `${assignment}${nl}${bodyIndent}`);
  } else {
    const open = body.getStart(sf) + 1;
    edits.replaceRange(open, body.getEnd() - 1, `${nl}${bodyIndent}${assignment}${nl}${indent}`);
  }
  return edits.edits;
}

// JavaScript, declared by `this.parent = …` assignments: the accessors open the class body.
function jsAssignmentEdits(
  sf: ts.SourceFile,
  decl: Extract<Declaration, { kind: "js-assignments" }>,
  parts: TypeParts,
  backing: string,
): TextEdit[] {
  const nl = newLineOf(sf);
  const klass = decl.klass;
  const name = nameOfAssignment(decl.nodes[0]).text;
  const firstMember = klass.members[0];
  const open = firstMember ? undefined : klass.members.pos;
  const indent = firstMember
    ? indentationAt(sf, firstMember.getStart(sf))
    : `${indentationAt(sf, klass.getStart(sf))}  `;
  const unit = firstMember ? indentUnit(sf, klass, firstMember) : "  ";
  const text = accessorText({
    name,
    backing,
    modifiers: "",
    ownerText: undefined,
    annotationText: undefined,
    nullability: parts.nullability,
    undefinedWritten: parts.undefinedWritten === true,
    initialNull: false,
    indent,
    unit,
    nl,
    docComment: "",
  });
  const at = open ?? klass.members.pos;
  return new EditBuilder(sf).insertAt(at, `${nl}${indent}${text}`).edits;
}

/** The text of the private field and the accessor pair that replace the property. */
function accessorText(options: {
  name: string;
  backing: string;
  modifiers: string;
  ownerText: string | undefined;
  annotationText: string | undefined;
  nullability: Nullability;
  undefinedWritten: boolean;
  initialNull: boolean;
  indent: string;
  unit: string;
  nl: string;
  docComment: string;
}): string {
  const { name, backing, modifiers, ownerText, nullability, indent, unit, nl } = options;
  const typed = ownerText !== undefined;
  const annotation = options.annotationText ?? ownerText ?? "";
  // The getter admits what the property admitted, plus `undefined` for an owner that is gone
  // (`null` stands for it where the property was `T | null`).
  const getterType = nullability === "null" || options.undefinedWritten ? annotation : `${annotation} | undefined`;
  const setterType = nullability === "none" || nullability === "null" ? annotation : getterType;
  const fieldType =
    nullability === "both" ? `WeakRef<${ownerText}> | null | undefined` : `WeakRef<${ownerText}> | undefined`;
  const read =
    nullability === "null"
      ? `this.${backing}?.deref() ?? null`
      : nullability === "both"
        ? `this.${backing} === null ? null : this.${backing}?.deref()`
        : `this.${backing}?.deref()`;
  const write =
    nullability === "none"
      ? "new WeakRef(value)"
      : nullability === "both"
        ? "value == null ? value : new WeakRef(value)"
        : "value ? new WeakRef(value) : undefined";
  const initial = nullability === "both" && options.initialNull ? "null" : "undefined";
  return [
    `${backing}${typed ? `: ${fieldType}` : ""} = ${initial};`,
    ...(options.docComment ? [`${indent}${options.docComment}`] : []),
    `${indent}${modifiers}get ${name}()${typed ? `: ${getterType}` : ""} {`,
    `${indent}${unit}return ${read};`,
    `${indent}}`,
    `${indent}${modifiers}set ${name}(value${typed ? `: ${setterType}` : ""}) {`,
    `${indent}${unit}this.${backing} = ${write};`,
    `${indent}}`,
  ].join(nl);
}

/** One indentation step of the class body (member indentation minus the class's). */
function indentUnit(sf: ts.SourceFile, klass: ts.ClassLikeDeclaration, member: ts.Node): string {
  return new SourceLayout(sf).stepBetween(klass.getStart(sf), member.getStart(sf));
}
