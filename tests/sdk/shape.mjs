// shape.mjs — response-shape validators built at run time from the official SDK's generated types.
// It parses @prisma/management-api-sdk's dist/index.d.ts with the TypeScript compiler API, finds the
// `operations` interface (and `paths`, to map METHOD + path template to an operation id), and walks the
// `application/json` response type of an operation and status to check a decoded JSON value.
// Required properties must be present with the right JSON type, optional ones (`?`) may be absent,
// extra properties are allowed. Failures carry their JSON path, e.g. `data[3].endpoints.pooled.port`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SDK_DTS = fileURLToPath(new URL('./node_modules/@prisma/management-api-sdk/dist/index.d.ts', import.meta.url));
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

let cache;
// Parses the d.ts once: { operations: Map<opId, TypeLiteral>, paths: Map<path, Map<method, opId>>, text }.
function load(file = SDK_DTS) {
  if (cache) return cache;
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const iface = (name) => sf.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === name);
  const operations = new Map(membersOf(iface('operations')).map((m) => [m.name, m.type]));
  const paths = new Map();
  for (const { name, type } of membersOf(iface('paths'))) {
    const methods = new Map();
    for (const m of membersOf(type)) {
      // `get: operations["getV1Projects"]` is an indexed access type whose index is a string literal.
      if (m.type && ts.isIndexedAccessTypeNode(m.type)) methods.set(m.name, m.type.indexType.literal.text);
    }
    paths.set(name, methods);
  }
  cache = { operations, paths, text };
  return cache;
}

// The property signatures of an interface or type literal as { name, type, optional, node }.
function membersOf(node) {
  if (!node) throw new Error('shape: expected an interface or type literal, found nothing');
  return node.members
    .filter((m) => ts.isPropertySignature(m))
    .map((m) => ({ name: m.name.text, type: m.type, optional: !!m.questionToken, node: m }));
}

function member(node, name, what) {
  const found = ts.isTypeLiteralNode(node) ? membersOf(node).find((m) => m.name === name) : undefined;
  if (!found) throw new Error(`shape: ${what} has no member ${JSON.stringify(name)}`);
  return found.type;
}

/** The operation id the SDK's `paths` interface gives to METHOD on a path template. */
export function operationId(method, path) {
  const opId = load().paths.get(path)?.get(method.toLowerCase());
  if (!opId) throw new Error(`shape: the SDK has no operation for ${method} ${path}`);
  return opId;
}

/** The statuses an operation documents, as numbers. */
export function documentedStatuses(opId) {
  const op = load().operations.get(opId);
  if (!op) throw new Error(`shape: the SDK has no operation ${opId}`);
  return membersOf(member(op, 'responses', opId)).map((m) => Number(m.name));
}

/**
 * The type node of the JSON body of an operation's response with a status, or null when that
 * response has no content (e.g. 204). Throws when the SDK does not document the status at all.
 */
export function responseType(opId, status) {
  const op = load().operations.get(opId);
  if (!op) throw new Error(`shape: the SDK has no operation ${opId}`);
  const responses = member(op, 'responses', opId);
  const response = membersOf(responses).find((m) => m.name === String(status));
  if (!response) throw new Error(`shape: ${opId} documents no ${status} response (has ${documentedStatuses(opId)})`);
  const content = membersOf(response.type).find((m) => m.name === 'content');
  if (!content || content.type.kind === ts.SyntaxKind.NeverKeyword) return null;
  return member(content.type, 'application/json', `${opId} ${status} content`);
}

/** A validator for an operation's response: (value) => list of "path: problem" strings (empty = ok). */
export function validator(opId, status) {
  const type = responseType(opId, status);
  return (value) => {
    const errors = [];
    if (type === null) {
      if (value !== undefined && value !== null && value !== '') errors.push(`(body): expected no content, got ${jsonType(value)}`);
    } else {
      check(type, value, '', errors, false);
    }
    return errors;
  };
}

/** Validates a value against an operation's response, returning the list of problems. */
export function checkShape(opId, status, value) {
  return validator(opId, status)(value);
}

export function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v; // string, number, boolean, object, undefined
}

// Whether a property's JSDoc says `Format: date-time`.
function isDateTime(propNode) {
  const { text } = load();
  const ranges = ts.getLeadingCommentRanges(text, propNode.pos) ?? [];
  return ranges.some((r) => /Format: date-time/.test(text.slice(r.pos, r.end)));
}

// A short human description of a type node, for messages.
function describe(node) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword: return 'string';
    case ts.SyntaxKind.NumberKeyword: return 'number';
    case ts.SyntaxKind.BooleanKeyword: return 'boolean';
    case ts.SyntaxKind.TypeLiteral: return 'object';
    case ts.SyntaxKind.ArrayType: return 'array';
    case ts.SyntaxKind.UnionType: return node.types.map(describe).join(' | ');
    case ts.SyntaxKind.ParenthesizedType: return describe(node.type);
    default: return node.getText();
  }
}

const at = (path) => path || '(root)';

// Checks `value` against type `node`; pushes "path: problem" strings onto `errors`.
function check(node, value, path, errors, dateTime) {
  const fail = (expected) => errors.push(`${at(path)}: expected ${expected}, got ${jsonType(value)}${
    typeof value === 'string' || typeof value === 'number' ? ` ${JSON.stringify(value)}` : ''}`);
  switch (node.kind) {
    case ts.SyntaxKind.UnknownKeyword:
    case ts.SyntaxKind.AnyKeyword:
      return;
    case ts.SyntaxKind.NeverKeyword:
      return fail('nothing (never)');
    case ts.SyntaxKind.StringKeyword:
      if (typeof value !== 'string') return fail('string');
      if (dateTime && !(RFC3339.test(value) && !Number.isNaN(Date.parse(value)))) fail('an RFC 3339 date-time');
      return;
    case ts.SyntaxKind.NumberKeyword:
      return typeof value === 'number' && Number.isFinite(value) ? undefined : fail('number');
    case ts.SyntaxKind.BooleanKeyword:
      return typeof value === 'boolean' ? undefined : fail('boolean');
    case ts.SyntaxKind.ParenthesizedType:
      return check(node.type, value, path, errors, dateTime);
    case ts.SyntaxKind.LiteralType:
      return Object.is(value, literalValue(node.literal)) ? undefined : fail(describe(node));
    case ts.SyntaxKind.ArrayType:
      if (!Array.isArray(value)) return fail('array');
      value.forEach((item, i) => check(node.elementType, item, `${path}[${i}]`, errors, dateTime));
      return;
    case ts.SyntaxKind.UnionType:
      return checkUnion(node, value, path, errors, dateTime, fail);
    case ts.SyntaxKind.IntersectionType:
      node.types.forEach((t) => check(t, value, path, errors, dateTime));
      return;
    case ts.SyntaxKind.TypeLiteral:
      return checkObject(node, value, path, errors, fail);
    case ts.SyntaxKind.TypeReference:
      return checkReference(node, value, path, errors, dateTime, fail);
    default:
      throw new Error(`shape: unsupported type syntax ${ts.SyntaxKind[node.kind]} at ${at(path)}: ${node.getText()}`);
  }
}

function literalValue(lit) {
  switch (lit.kind) {
    case ts.SyntaxKind.StringLiteral: return lit.text;
    case ts.SyntaxKind.NumericLiteral: return Number(lit.text);
    case ts.SyntaxKind.TrueKeyword: return true;
    case ts.SyntaxKind.FalseKeyword: return false;
    case ts.SyntaxKind.NullKeyword: return null;
    case ts.SyntaxKind.PrefixUnaryExpression: return -Number(lit.operand.text);
    default: throw new Error(`shape: unsupported literal ${lit.getText()}`);
  }
}

// A union passes when one member passes. For objects (e.g. the discriminated `source`), the errors
// reported are those of the closest object member; for scalars, the whole union is named.
function checkUnion(node, value, path, errors, dateTime, fail) {
  const attempts = node.types.map((t) => {
    const errs = [];
    check(t, value, path, errs, dateTime);
    return { t, errs };
  });
  if (attempts.some((a) => a.errs.length === 0)) return;
  const objects = attempts.filter((a) => unwrap(a.t).kind === ts.SyntaxKind.TypeLiteral);
  if (jsonType(value) === 'object' && objects.length > 0) {
    // Prefer the member whose constant properties (the discriminant, e.g. `type`) match the value.
    const score = (a) => a.errs.length + (discriminantMatches(unwrap(a.t), value) ? 0 : 1e6);
    const best = objects.reduce((a, b) => (score(b) < score(a) ? b : a));
    errors.push(...best.errs);
  } else {
    fail(describe(node));
  }
}

function discriminantMatches(typeLiteral, value) {
  return membersOf(typeLiteral)
    .filter((m) => m.type.kind === ts.SyntaxKind.LiteralType)
    .every((m) => Object.is(value[m.name], literalValue(m.type.literal)));
}

const unwrap = (n) => (n.kind === ts.SyntaxKind.ParenthesizedType ? unwrap(n.type) : n);

function checkObject(node, value, path, errors, fail) {
  if (jsonType(value) !== 'object') return fail('object');
  const known = new Set();
  for (const m of membersOf(node)) {
    known.add(m.name);
    const sub = path ? `${path}.${m.name}` : m.name;
    if (!(m.name in value) || value[m.name] === undefined) {
      if (!m.optional) errors.push(`${sub}: missing required property`);
      continue;
    }
    check(m.type, value[m.name], sub, errors, isDateTime(m.node));
  }
  // `[key: string]: T` index signatures constrain the remaining properties.
  for (const sig of node.members.filter(ts.isIndexSignatureDeclaration)) {
    for (const [k, v] of Object.entries(value)) {
      if (!known.has(k)) check(sig.type, v, path ? `${path}.${k}` : k, errors, false);
    }
  }
}

// The few generic references openapi-typescript emits: Record<string, T> and Array<T>.
function checkReference(node, value, path, errors, dateTime, fail) {
  const name = node.typeName.getText();
  const args = node.typeArguments ?? [];
  if (name === 'Array' && args.length === 1) {
    if (!Array.isArray(value)) return fail('array');
    value.forEach((item, i) => check(args[0], item, `${path}[${i}]`, errors, dateTime));
    return;
  }
  if (name === 'Record' && args.length === 2) {
    if (jsonType(value) !== 'object') return fail('object');
    for (const [k, v] of Object.entries(value)) check(args[1], v, path ? `${path}.${k}` : k, errors, false);
    return;
  }
  throw new Error(`shape: unsupported type reference ${node.getText()} at ${at(path)}`);
}
