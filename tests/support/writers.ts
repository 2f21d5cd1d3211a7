import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ROOT } from "./paths";

// THE WRITER RULE, read off the source with the TypeScript compiler: an exported function of a
// domain `*.server.ts` module that takes an organisation context first and writes must begin
// with `requirePermission(ctx, "<name>")`. It writes when its body opens `inTransaction(` or calls
// `.insert(` / `.update(` / `.delete(`, or when it calls a domain function that writes and does
// not check a permission itself (a local `receive(ctx, …)`, a `refreshPayment(db, …)`): handing
// the write to a helper must not hide it. Calling another writer that checks is not writing.
// Helpers that take a `tx` join their caller's transaction and are checked through the caller.
// One exception, by name: `.delete(` on a variable the module or the function binds to a
// `new Map` / `Set` / `WeakMap` / `WeakSet` (a cache evicting an entry, as the sell page's
// top-seller ranking does) is memory, not the database; any other `.delete(` still counts.

export type Writer = {
  /** Path from the repository root, e.g. app/domain/sales/void-sale.server.ts */
  file: string;
  name: string;
  /** The name passed to requirePermission as the first statement, or null when it is not there. */
  permission: string | null;
  firstStatement: string;
  /** The names of the parameters after the context that have no default (what a caller must pass). */
  params: string[];
};

const WRITES = /\binTransaction\(|\.(insert|update|delete)\(/;

type Fn = { file: string; name: string; fn: ts.FunctionLikeDeclaration; sf: ts.SourceFile; exported: boolean };

/** Every function of a set of modules, and what each module's imported names refer to. */
type Index = { fns: Map<string, Fn>; imports: Map<string, Map<string, string>> };

const keyOf = (file: string, name: string) => `${file}#${name}`;

/**
 * The name of the first parameter when it is an organisation context: named `ctx`, or typed
 * `Ctx` / `PersonCtx` under another name (`storeCtx: Ctx`). A `UserCtx` is a person acting on
 * their own account, with no organisation: see `accountVerbsIn`.
 */
function contextParameter({ fn, sf }: Fn): string | null {
  const first = fn.parameters[0];
  if (!first || !ts.isIdentifier(first.name)) return null;
  const type = first.type?.getText(sf) ?? "";
  if (/\bUserCtx\b/.test(type)) return null;
  return first.name.text === "ctx" || /^(Person)?Ctx$/.test(type) ? first.name.text : null;
}

const takesUserCtx = ({ fn, sf }: Fn) => /^UserCtx\b/.test(fn.parameters[0]?.type?.getText(sf) ?? "");

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

const firstStatementOf = ({ fn }: Fn) => (fn.body && ts.isBlock(fn.body) ? fn.body.statements[0] : undefined);

/** `requirePermission(<ctx>, "name")` as the first statement, or null. */
function permissionOf(f: Fn, ctxName: string | null): string | null {
  const statement = firstStatementOf(f);
  if (!statement || !ts.isExpressionStatement(statement)) return null;
  const call = statement.expression;
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) return null;
  if (call.expression.text !== "requirePermission" || call.arguments.length !== 2) return null;
  const [ctx, name] = call.arguments;
  if (!ts.isIdentifier(ctx) || (ctxName !== null && ctx.text !== ctxName)) return null;
  return ts.isStringLiteral(name) ? name.text : null;
}

function resolveImport(from: string, specifier: string, exists: (file: string) => boolean): string | null {
  let target: string;
  if (specifier.startsWith("~/")) target = path.posix.join("app", specifier.slice(2));
  else if (specifier.startsWith(".")) target = path.posix.join(path.posix.dirname(from), specifier);
  else return null;
  target = target.replace(/\.ts$/, "");
  return exists(`${target}.ts`) ? `${target}.ts` : null;
}

function buildIndex(sources: Map<string, string>): Index {
  const index: Index = { fns: new Map(), imports: new Map() };
  for (const [file, source] of sources) {
    const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const imported = new Map<string, string>();
    for (const statement of sf.statements) {
      if (ts.isImportDeclaration(statement)) {
        const bindings = statement.importClause?.namedBindings;
        const target = resolveImport(file, (statement.moduleSpecifier as ts.StringLiteral).text, (f) => sources.has(f));
        if (!target || !bindings || !ts.isNamedImports(bindings)) continue;
        for (const el of bindings.elements)
          imported.set(el.name.text, keyOf(target, (el.propertyName ?? el.name).text));
      }
      const exported = isExported(statement);
      if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
        index.fns.set(keyOf(file, statement.name.text), {
          file,
          name: statement.name.text,
          fn: statement,
          sf,
          exported,
        });
      }
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) {
          const init = d.initializer;
          if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
            index.fns.set(keyOf(file, d.name.text), { file, name: d.name.text, fn: init, sf, exported });
          }
        }
      }
    }
    index.imports.set(file, imported);
  }
  return index;
}

const COLLECTION = /^(Weak)?(Map|Set)$/;
const isNewCollection = (node: ts.Node | undefined) =>
  !!node && ts.isNewExpression(node) && ts.isIdentifier(node.expression) && COLLECTION.test(node.expression.text);

/** Names bound to a new in-memory collection at the module's top level or anywhere in the function. */
function collectionNames({ fn, sf }: Fn): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && isNewCollection(node.initializer))
      names.add(node.name.text);
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.left) &&
      isNewCollection(ts.isParenthesizedExpression(node.right) ? node.right.expression : node.right)
    )
      names.add(node.left.text);
    ts.forEachChild(node, visit);
  };
  for (const statement of sf.statements)
    if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach(visit);
  if (fn.body) visit(fn.body);
  return names;
}

/** The function's body text, with `.delete(` on an in-memory collection blanked out (same length). */
function writeText(f: Fn): string {
  const body = f.fn.body!;
  const start = body.getStart(f.sf);
  let text = body.getText(f.sf);
  const collections = collectionNames(f);
  if (collections.size === 0) return text;
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === "delete" &&
      ts.isIdentifier(node.expression.expression) &&
      collections.has(node.expression.expression.text)
    ) {
      const at = node.expression.name.getStart(f.sf) - start;
      text = text.slice(0, at) + "_".repeat("delete".length) + text.slice(at + "delete".length);
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return text;
}

/** Whether a function writes, itself or through a domain function that writes without checking. */
function writes(index: Index, key: string, memo = new Map<string, boolean>()): boolean {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const f = index.fns.get(key);
  if (!f?.fn.body) return false;
  memo.set(key, false); // a cycle adds nothing
  let found = WRITES.test(writeText(f));
  const visit = (node: ts.Node) => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      const callee = index.imports.get(f.file)?.get(name) ?? keyOf(f.file, name);
      const target = index.fns.get(callee);
      if (target && permissionOf(target, null) === null && writes(index, callee, memo)) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(f.fn.body);
  memo.set(key, found);
  return found;
}

function writersOf(index: Index, file: string): Writer[] {
  return [...index.fns.values()].flatMap((f) => {
    if (f.file !== file || !f.exported) return [];
    const ctxName = contextParameter(f);
    if (ctxName === null || !writes(index, keyOf(f.file, f.name))) return [];
    const params = f.fn.parameters
      .slice(1)
      .filter((p) => !p.initializer && !p.questionToken)
      .map((p) => (ts.isIdentifier(p.name) ? p.name.text : "input"));
    const firstStatement = (firstStatementOf(f) ?? f.fn.body)!.getText(f.sf).split("\n")[0];
    return [{ file, name: f.name, permission: permissionOf(f, ctxName), firstStatement, params }];
  });
}

/** The exported writers of one module's source, read on its own (its imports are not followed). */
export function writersIn(file: string, source: string): Writer[] {
  return writersOf(buildIndex(new Map([[file, source]])), file);
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

const relative = (f: string) => path.relative(ROOT, f).split(path.sep).join("/");

let treeIndex: Index | undefined;
function domainIndex(): Index {
  const files = walk(path.join(ROOT, "app/domain")).filter((f) => f.endsWith(".ts"));
  treeIndex ??= buildIndex(new Map(files.map((f) => [relative(f), fs.readFileSync(f, "utf8")])));
  return treeIndex;
}

/** Every domain module the rule applies to, as paths from the repository root. */
export function domainServerModules(): string[] {
  return walk(path.join(ROOT, "app/domain"))
    .filter((f) => f.endsWith(".server.ts"))
    .map(relative)
    .sort();
}

/** Every exported writer of app/domain, in file order. */
export function domainWriters(): Writer[] {
  const index = domainIndex();
  return domainServerModules().flatMap((file) => writersOf(index, file));
}

/**
 * Every exported function of app/domain that writes with a `UserCtx`, as "file name": a person
 * acting on their own account (open a store). No organisation, so no role and no permission.
 */
export function domainAccountVerbs(): string[] {
  const index = domainIndex();
  return [...index.fns.values()]
    .filter((f) => f.exported && f.file.endsWith(".server.ts") && takesUserCtx(f))
    .filter((f) => writes(index, keyOf(f.file, f.name)))
    .map((f) => `${f.file} ${f.name}`)
    .sort();
}

/** What is wrong with each writer: no check first, or a name the table does not hold. */
export function writerProblems(writers: Writer[], registered: readonly string[]): string[] {
  const known = new Set(registered);
  return writers.flatMap((w) => {
    const where = `${w.file} ${w.name}`;
    if (w.permission === null)
      return [`${where}: does not start with requirePermission(ctx, "…"): ${w.firstStatement}`];
    if (!known.has(w.permission)) return [`${where}: "${w.permission}" is not in PERMISSIONS`];
    return [];
  });
}
