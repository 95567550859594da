/**
 * ## What it does
 * Finds back-references: a property `p` of class `C` that points at an owner `T` which itself
 * holds the `C` (in an array, a `Set`, a `Map` or a single field), recognised by the assignment
 * `x.p = owner` next to the insertion `owner.children.push(x)`. It turns `p` into a private
 * `#p: WeakRef<T> | undefined` behind a `get p()` / `set p(v)` pair with the original
 * nullability, so every call site stays as it is.
 *
 * ## Why is this bad?
 * The owner already keeps its children alive. The pointer back keeps the owner alive for as
 * long as any one child is reachable, and through the owner every sibling: code that keeps a
 * single leaf of a tree, a single observer of a subject or a single view of a controller keeps
 * the whole graph. A `WeakRef` lets the owner go when nothing else needs it.
 *
 * ## Example
 * ```ts
 * class Section {
 *   parent: Document | null = null;
 * }
 * class Document {
 *   sections: Section[] = [];
 *   add(s: Section) {
 *     s.parent = this;
 *     this.sections.push(s);
 *   }
 * }
 * ```
 * ## Use instead
 * ```ts
 * class Section {
 *   #parent: WeakRef<Document> | undefined = undefined;
 *   get parent(): Document | null {
 *     return this.#parent?.deref() ?? null;
 *   }
 *   set parent(value: Document | null) {
 *     this.#parent = value ? new WeakRef(value) : undefined;
 *   }
 * }
 * ```
 * ## Tier
 * Always `unsafe`: once nothing else holds the owner, `p` reads `null`/`undefined` where it used
 * to keep the owner alive, and `p` is no longer an own property (spread, `Object.keys` and
 * `JSON.stringify` skip it). A non-optional `p: T` reads `T | undefined`: the type-check guard
 * withdraws the fix where callers assume it is set.
 *
 * ## Cases, in the order `check` tries them
 * Not reported (evidence.ts): peers linked through single fields, two objects neither made by
 * the other. Then: an interface or type literal (manual), an object literal (manual), an owner
 * that holds no collection of the child (not reported), an accessor (manual, our own output
 * skipped), a property that is not an object reference (not reported), a `lib` without
 * `WeakRef`, `static`, `declare`, `readonly`, decorated, `abstract`/`override`, no type
 * annotation, initialised with an owner, a `#p` clash, a serialised or copied class, a parameter
 * property beside a field initialiser reading `this` (all manual); otherwise the unsafe fix.
 */
import { ts } from "../../engine/ts-morph.cjs";
import type { FindingInput, TransformContext } from "../../engine/types.js";
import { hasModifier, lineOfNode } from "../util/ast.js";
import {
  declarationOf,
  isAlreadyWeak,
  isPrivateMember,
  memberNames,
  nameOfAssignment,
  propertyOfLink,
  type Declaration,
} from "./declaration.js";
import { evidenceInOwnerFiles, findEvidence, unwrap, type Evidence, type Insertion } from "./evidence.js";
import { backReference } from "./kinds.js";
import { hasWeakRef, isCollection, jsNullability, typeParts, type Nullability, type TypeParts } from "./owner-type.js";
import { serialisation } from "./serialisation.js";
import { editsFor } from "./weak-ref-accessor.js";

/** A property of this file named by one piece of evidence. */
interface Candidate {
  symbol: ts.Symbol;
  evidence: Evidence;
}

/** A class property's declaration, once it is known to be one. */
type ClassDeclaration = Extract<Declaration, { kind: "field" | "parameter" | "js-assignments" | "accessor" }>;

export function analyzeBackReferences(ctx: TransformContext): void {
  for (const candidate of candidatesOf(ctx)) {
    const finding = checkBackReference(ctx, candidate);
    if (finding) ctx.report(finding);
  }
}

/** The properties declared in this file that some evidence names, each once (first evidence wins). */
function candidatesOf(ctx: TransformContext): Candidate[] {
  const { sourceFile: sf, checker } = ctx;
  const done = new Set<ts.Symbol>();
  const candidates: Candidate[] = [];
  const consider = (evidence: Evidence): void => {
    const symbol = propertyOfLink(ctx, evidence.link);
    if (!symbol || done.has(symbol)) return;
    // The fix edits the declaring file: evidence about a property declared elsewhere is that file's.
    if (symbol.declarations?.[0]?.getSourceFile() !== sf) return;
    done.add(symbol);
    candidates.push({ symbol, evidence });
  };
  for (const e of findEvidence(checker, sf)) consider(e);
  // Classes of this file whose owner is a class of another file: the evidence is usually there
  // (`add(s: Section) { s.parent = this; this.sections.push(s); }` in document.ts).
  for (const e of evidenceInOwnerFiles(ctx)) consider(e);
  return candidates;
}

/** `\`this.children\` (line 12)`, or `(owner.ts:12)` when the insertion is in another file. */
function whereText(sf: ts.SourceFile, insertion: Insertion): string {
  const insertionFile = insertion.node.getSourceFile();
  const line = lineOfNode(insertionFile, insertion.node);
  return `\`${insertion.member.getText(insertionFile)}\` (${insertionFile === sf ? `line ${line}` : `${insertionFile.fileName.replace(/.*[\\/]/, "")}:${line}`})`;
}

/** The finding for one back-reference property, if any: what it is declared as, then its class's chain. */
export function checkBackReference(ctx: TransformContext, { symbol, evidence }: Candidate): FindingInput | undefined {
  const sf = ctx.sourceFile;
  const isJs = /\.[cm]?jsx?$/.test(sf.fileName);
  const name = ts.symbolName(symbol);
  const decl = declarationOf(symbol);
  const insertion = evidence.insertion;
  const where = whereText(sf, insertion);
  // Ex) a property declared by something else (a method, an index signature)
  if (!decl) return undefined;
  // Ex) `interface TreeNode { parent: TreeNode | null; children: TreeNode[] }`
  if (decl.kind === "signature") {
    const parts = typeParts(ctx, decl.node);
    if (typeof parts === "string" || !isCollection(ctx, insertion, isJs)) return undefined;
    const container = decl.node.parent;
    const holder = ts.isInterfaceDeclaration(container) ? `interface \`${container.name.text}\`` : "a type literal";
    return {
      kind: backReference,
      node: decl.node.name,
      message: `\`${name}\` of ${holder} points back at its owner \`${parts.ownerText}\`, which holds it in ${where}: as long as one is reachable, so is the owner and everything it holds. An interface cannot hold the accessor that would keep call sites unchanged: implement it with a class (\`#${name}: WeakRef<${parts.ownerText}>\` behind \`get ${name}()\`), or declare \`${name}: WeakRef<${parts.ownerText}>\` and read it with \`.deref()\``,
      applicability: "manual",
    };
  }
  // Ex) `const child = { parent: this, children: [] }; this.children.push(child);`
  if (decl.kind === "literal") {
    if (!isCollection(ctx, insertion, isJs)) return undefined;
    return {
      kind: backReference,
      node: decl.node,
      message: `\`${name}\` of an object literal points back at its owner, which holds the object in ${where}: as long as the object is reachable, so is the owner and everything it holds. An object literal has no class to hold a \`WeakRef\` behind an accessor: make it a class with \`#${name}: WeakRef<…>\` and \`get ${name}()\`, or store \`new WeakRef(owner)\` and read it with \`.deref()\``,
      applicability: "manual",
    };
  }
  // Ex) `job.manager = this` while the manager only counts jobs: `children: Node[]`,
  // `observers: Set<Observer>`, `views: Map<string, View>`, `child: Node` hold the child, a count does not
  if (!isCollection(ctx, insertion, isJs)) return undefined;
  return checkClassProperty(ctx, { decl, symbol, name, insertion, where, isJs });
}

/** The chain of a class property: every reason not to rewrite it, then the unsafe fix. */
function checkClassProperty(ctx: TransformContext, property: ClassProperty): FindingInput | undefined {
  const { decl, symbol, name, isJs } = property;
  const sf = ctx.sourceFile;
  const nameNode = decl.kind === "js-assignments" ? nameOfAssignment(decl.nodes[0]) : decl.node.name;
  const manual = (why: string, advice?: string): FindingInput => manualFinding(property, nameNode, why, advice);
  // Ex) `get parent() { return this.#parent?.deref() ?? null; }`: already weak (our own output).
  if (decl.kind === "accessor")
    return isAlreadyWeak(decl)
      ? undefined
      : manual(
          "it is already an accessor, so the value lives in whatever field it reads",
          "Make the field behind the accessor a `WeakRef` and read it with `.deref()`",
        );
  const node = decl.kind === "js-assignments" ? undefined : decl.node;
  // The type: TypeScript reads the annotation, JavaScript the inferred (or JSDoc) type.
  const parts: TypeParts | "untyped" | "not-object" =
    !node || isJs ? { nullability: jsNullability(ctx.checker, symbol) } : typeParts(ctx, node);
  // Ex) `parent: string | null`: not an object reference, not this rule's.
  if (parts === "not-object") return undefined;
  // Ex) a project whose `lib` stops before es2021.
  if (!hasWeakRef(ctx))
    return manual(
      "the project's `lib` has no `WeakRef`",
      "Add `es2021` (or later) to `lib` in tsconfig.json and run leakmod again",
    );
  // Ex) `static parent: App;`, `declare parent: Node;`, `readonly parent: Document;`, `@observable parent: Node;`,
  // `abstract parent: Node;` (MODIFIER_BLOCKERS, in that order)
  const blocker = node && MODIFIER_BLOCKERS.find((m) => m.applies(node));
  if (blocker) return manual(blocker.why, blocker.advice?.(name));
  // Ex) `parent = null as Node | null` in TypeScript
  if (parts === "untyped")
    return manual(
      "it has no type annotation to build `WeakRef<…>` from",
      `Annotate it (\`${name}: Owner | null\`) and run leakmod again`,
    );
  // Ex) `parent: Node | null = defaultRoot;`
  const initializer = node && (ts.isPropertyDeclaration(node) ? node.initializer : undefined);
  const initText = initializer ? unwrap(initializer).getText(sf) : undefined;
  if (initText !== undefined && initText !== "null" && initText !== "undefined")
    return manual(`it is initialised with \`${initText}\`, an owner that is not the one that holds it`);
  // Ex) `#parent` exists already.
  const backing = ts.isPrivateIdentifier(nameNode) ? `${name}Ref` : `#${name}`;
  if (memberNames(decl.klass).has(backing))
    return manual(`the class already has a member \`${backing}\` for the \`WeakRef\``);
  // Ex) `toJSON() {}`, `JSON.stringify(this)`, `structuredClone(section)`
  const serialised = serialisation(ctx, decl.klass, classTypeOf(ctx.checker, decl.klass));
  if (serialised)
    return manual(
      serialised,
      `Serialise \`${name}\` explicitly (or leave it out on purpose), then store it as a \`WeakRef\``,
    );
  // Ex) `constructor(public parent: Node | null) {}` with `depth = this.parent ? … : 0;`: once
  // expanded, field initialisers would run before `this.parent` is set.
  if (decl.kind === "parameter" && fieldInitialiserReadsThis(decl.klass, sf))
    return manual(
      "it is a parameter property and a field initialiser reads `this`: once the parameter is expanded, that initialiser would run before the property is set",
    );
  return unsafeFinding(ctx, property, decl, nameNode, parts, backing, initText === "null");
}

type PropertyNode = ts.PropertyDeclaration | ts.ParameterDeclaration;

/** Modifiers that keep a property from becoming an accessor pair, in the order they are tried. */
const MODIFIER_BLOCKERS: ReadonlyArray<{
  applies: (node: PropertyNode) => boolean;
  why: string;
  advice?: (name: string) => string;
}> = [
  // Ex) `static parent: App;`
  {
    applies: (node) => hasModifier(node, ts.SyntaxKind.StaticKeyword),
    why: "it is `static`, shared by the class rather than one per child",
  },
  // Ex) `declare parent: Node;`
  {
    applies: (node) => hasModifier(node, ts.SyntaxKind.DeclareKeyword),
    why: "it is a `declare` field, defined by code leakmod does not see (a base class, a mixin, a framework)",
  },
  // Ex) `readonly parent: Document;`, `constructor(readonly parent: Document)`
  {
    applies: (node) => hasModifier(node, ts.SyntaxKind.ReadonlyKeyword),
    why: "it is `readonly`, and the replacement needs a setter",
    advice: (name) =>
      `Keep a \`readonly #${name}: WeakRef<…>\` set once in the constructor and expose \`get ${name}()\` returning \`this.#${name}.deref()\``,
  },
  // Ex) `@observable parent: Node;`
  {
    applies: (node) => ts.canHaveDecorators(node) && (ts.getDecorators(node)?.length ?? 0) > 0,
    why: "it is decorated, and the decorator expects a field, not an accessor pair",
  },
  // Ex) `abstract parent: Node;`, `override parent: Node;`
  {
    applies: (node) =>
      hasModifier(node, ts.SyntaxKind.AbstractKeyword) || hasModifier(node, ts.SyntaxKind.OverrideKeyword),
    why: "it is `abstract` or `override`: other classes declare it too, and a property cannot become an accessor in one of them",
  },
];

/** What `checkClassProperty` knows about the property. */
interface ClassProperty {
  decl: ClassDeclaration;
  symbol: ts.Symbol;
  name: string;
  insertion: Insertion;
  where: string;
  isJs: boolean;
}

function classTypeOf(checker: ts.TypeChecker, klass: ts.ClassLikeDeclaration): ts.Type | undefined {
  const classSymbol = klass.name ? checker.getSymbolAtLocation(klass.name) : undefined;
  return classSymbol ? checker.getDeclaredTypeOfSymbol(classSymbol) : undefined;
}

// Ex) `depth = this.parent ? this.parent.depth + 1 : 0;`
function fieldInitialiserReadsThis(klass: ts.ClassLikeDeclaration, sf: ts.SourceFile): boolean {
  return klass.members.some(
    (m) =>
      ts.isPropertyDeclaration(m) &&
      m.initializer !== undefined &&
      !hasModifier(m, ts.SyntaxKind.StaticKeyword) &&
      /\bthis\b/.test(m.initializer.getText(sf)),
  );
}

/** What the back-reference keeps alive, for every message of a class property. */
function leakText({ decl, name, insertion, where }: ClassProperty, owner?: string): string {
  const className = decl.klass.name?.text ?? "the class";
  return insertion.kind === "field"
    ? `\`${name}\` points back from \`${className}\` to its owner${owner ? ` ${owner}` : ""}, which holds the \`${className}\` in ${where}: a reachable \`${className}\` keeps the owner and everything it holds alive`
    : `\`${name}\` points back from \`${className}\` to its owner${owner ? ` ${owner}` : ""}, which holds every \`${className}\` in ${where}: one reachable \`${className}\` keeps the owner and all its siblings alive`;
}

function manualFinding(
  property: ClassProperty,
  node: ts.Node,
  why: string,
  advice = "Store the owner as `new WeakRef(owner)` and read it with `.deref()`",
): FindingInput {
  return {
    kind: backReference,
    node,
    message: `${leakText(property)}. Not rewritten: ${why}. ${advice}`,
    applicability: "manual",
  };
}

function unsafeFinding(
  ctx: TransformContext,
  property: ClassProperty,
  decl: Exclude<ClassDeclaration, { kind: "accessor" }>,
  nameNode: ts.Node,
  parts: TypeParts,
  backing: string,
  initialNull: boolean,
): FindingInput {
  const { name } = property;
  const owner = parts.ownerText ? `\`${parts.ownerText}\`` : undefined;
  return {
    kind: backReference,
    node: nameNode,
    message: `${leakText(property, owner)}. Fix: keep it in a \`WeakRef\` behind a getter and setter for \`${name}\`, every call site unchanged. ${tierText(name, owner ?? "owner", parts.nullability)}`,
    applicability: "unsafe",
    fix: {
      description: `Store \`${name}\` as a \`WeakRef\` behind a getter and setter`,
      edits: editsFor(ctx, decl, parts, backing, initialNull),
      // A private member is seen by no other file: the guard re-checks only this one.
      affectsOtherFiles: !isPrivateMember(decl, nameNode),
    },
  };
}

/** Why the fix is unsafe, for the finding message. */
function tierText(name: string, owner: string, nullability: Nullability): string {
  const empty = nullability === "null" ? "`null`" : "`undefined`";
  const own = name.startsWith("#")
    ? ""
    : `, and \`${name}\` is no longer an own property (spread, \`Object.keys\` and \`JSON.stringify\` skip it)`;
  const base = `Unsafe: once nothing else holds the ${owner}, \`${name}\` reads ${empty} instead of keeping it alive${own}`;
  if (nullability === "none") {
    return `${base}. It was never empty, so its getter's type gains \`| undefined\`: callers that assume it is set must check it (the type-check guard withdraws the fix where they do not compile)`;
  }
  return base;
}
