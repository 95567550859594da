/** What a back-reference points at: an owner type, its nullability, a collection of the child. */
import { ts } from "../../engine/ts-morph.cjs";
import type { TransformContext } from "../../engine/types.js";
import { isGlobalLibSymbol } from "../util/ast.js";
import type { Insertion } from "./evidence.js";

/** How the original property admits "no owner". */
export type Nullability = "null" | "undefined" | "both" | "none";

/** Whether the global `WeakRef` exists in the program (lib es2021+). */
const weakRefKnown = new WeakMap<ts.TypeChecker, boolean>();
export function hasWeakRef(ctx: TransformContext): boolean {
  let known = weakRefKnown.get(ctx.checker);
  if (known === undefined) {
    const symbol = ctx.checker.resolveName("WeakRef", undefined, ts.SymbolFlags.Value, false);
    known = symbol !== undefined;
    weakRefKnown.set(ctx.checker, known);
  }
  return known;
}

// Ex) `Node[]`, `Set<Observer>`, `Map<string, View>`, `child: Node | null`
export function isCollection(ctx: TransformContext, insertion: Insertion, isJs: boolean): boolean {
  const { checker } = ctx;
  const type = checker.getTypeAtLocation(insertion.member);
  // JavaScript: an untyped owner (`parent.children.push(this)`): the insertion is the evidence.
  if (type.flags & ts.TypeFlags.Any) return isJs;
  const nonNull = checker.getNonNullableType(type);
  if (insertion.kind === "field") return (nonNull.flags & ts.TypeFlags.Object) !== 0;
  if (insertion.kind === "Array") return checker.isArrayType(nonNull) || checker.isTupleType(nonNull);
  const symbol = nonNull.getSymbol();
  return symbol?.name === insertion.kind && isGlobalLibSymbol(symbol, ctx.isLibFile);
}

/** The declared type's parts: the owner type text and what stands for "no owner". */
export interface TypeParts {
  /** `Document` in `parent: Document | null`; undefined in JavaScript. */
  ownerText?: string;
  ownerType?: ts.Type;
  nullability: Nullability;
  /** The annotation names `undefined` itself (not only `?`). */
  undefinedWritten?: boolean;
}

// Ex) `parent: Document | null`, `parent?: Document`, `subject: Subject`
export function typeParts(
  ctx: TransformContext,
  decl: ts.PropertyDeclaration | ts.ParameterDeclaration | ts.PropertySignature,
): TypeParts | "untyped" | "not-object" {
  const { checker, sourceFile: sf } = ctx;
  const annotation = decl.type;
  if (!annotation) return "untyped";
  const members = ts.isUnionTypeNode(annotation) ? annotation.types : [annotation];
  const isNull = (t: ts.TypeNode): boolean => ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword;
  const isUndefined = (t: ts.TypeNode): boolean => t.kind === ts.SyntaxKind.UndefinedKeyword;
  const owners = members.filter((t) => !isNull(t) && !isUndefined(t));
  if (owners.length === 0) return "not-object";
  const hasNull = members.some(isNull);
  const undefinedWritten = members.some(isUndefined);
  const hasUndefined = undefinedWritten || decl.questionToken !== undefined;
  const ownerType = checker.getNonNullableType(checker.getTypeFromTypeNode(annotation));
  if (!isOwnerType(checker, ownerType)) return "not-object";
  return {
    ownerText: owners.map((t) => t.getText(sf)).join(" | "),
    ownerType,
    nullability: hasNull && hasUndefined ? "both" : hasNull ? "null" : hasUndefined ? "undefined" : "none",
    undefinedWritten,
  };
}

// Ex) a class or interface type (or a union of them), not an array, a function or a primitive.
export function isOwnerType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((t) => {
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | ts.TypeFlags.NonPrimitive))
      return false;
    if (t.flags & ts.TypeFlags.TypeParameter) {
      const c = checker.getBaseConstraintOfType(t);
      return c !== undefined && c !== t && isOwnerType(checker, c);
    }
    if (!(t.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) return false;
    if (checker.isArrayType(t) || checker.isTupleType(t) || t.getCallSignatures().length > 0) return false;
    return t.getProperties().length > 0;
  });
}

/**
 * JavaScript: the nullability of the property's inferred (or JSDoc) type. Nothing enforces it,
 * so a property that admits neither (or an untyped one) keeps `null` and `undefined` apart
 * rather than ever calling `new WeakRef(null)`.
 */
export function jsNullability(checker: ts.TypeChecker, symbol: ts.Symbol): Nullability {
  const type = checker.getTypeOfSymbol(symbol);
  if (!type.isUnion()) return "both";
  const hasNull = type.types.some((t) => t.flags & ts.TypeFlags.Null);
  const hasUndefined = type.types.some((t) => t.flags & ts.TypeFlags.Undefined);
  return hasNull && !hasUndefined ? "null" : hasUndefined && !hasNull ? "undefined" : "both";
}
