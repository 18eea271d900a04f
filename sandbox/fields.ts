/**
 * Parser for the Graph API `fields=` syntax, incl. nested `a{b,c}`, `.limit(n)`, `.summary(true)`; field aliases
 * (`.as(x)`) are refused as Meta refuses them to new apps since 4 Nov 2026.
 * Source: https://developers.facebook.com/docs/graph-api/guides/field-expansion/
 */
import { errors } from './errors.js';

/** One requested field with its modifiers and nested selection. */
export interface FieldNode {
  name: string;
  /** Modifiers such as `limit`, `summary`, `order`, `filter`. */
  params: Record<string, string>;
  /** Nested selection from `{...}`, undefined when none was given. */
  children?: FieldNode[];
}

/** Parses a `fields=` value; throws a Graph error 100 on syntax errors. */
export function parseFields(input: string): FieldNode[] {
  let i = 0;
  const src = input;
  const fail = (): never => {
    throw errors.param(
      `Syntax error "Expected end of string instead of "${src.slice(i, i + 1) || 'EOF'}"." at character ${i}: ${src}`,
      2500,
    );
  };
  const skipWs = (): void => {
    while (i < src.length && /\s/.test(src[i] as string)) i++;
  };
  const ident = (): string => {
    skipWs();
    const start = i;
    while (i < src.length && /[A-Za-z0-9_]/.test(src[i] as string)) i++;
    if (start === i) fail();
    return src.slice(start, i);
  };
  const list = (): FieldNode[] => {
    const nodes: FieldNode[] = [];
    for (;;) {
      skipWs();
      if (i >= src.length || src[i] === '}') return nodes;
      const node: FieldNode = { name: ident(), params: {} };
      for (;;) {
        skipWs();
        if (src[i] === '.') {
          i++;
          const mod = ident();
          // `.as(alias)` renames a field: closed to new apps on every version since 4 Nov 2026 (errors.legacyFeature).
          if (mod === 'as') throw errors.legacyFeature('The field alias (.as())');
          skipWs();
          if (src[i] !== '(') fail();
          const close = src.indexOf(')', i);
          if (close < 0) fail();
          node.params[mod] = src.slice(i + 1, close).trim();
          i = close + 1;
        } else if (src[i] === '{') {
          i++;
          node.children = list();
          if (src[i] !== '}') fail();
          i++;
        } else break;
      }
      nodes.push(node);
      skipWs();
      if (src[i] === ',') {
        i++;
        continue;
      }
      return nodes;
    }
  };
  const out = list();
  skipWs();
  if (i < src.length) fail();
  return out;
}

/** Builds a field list from plain names (used for defaults). */
export function plainFields(...names: string[]): FieldNode[] {
  return names.map((name) => ({ name, params: {} }));
}

/** Serialises a field list back to the `fields=` syntax (for paging URLs). */
export function stringifyFields(nodes: FieldNode[]): string {
  return nodes
    .map((n) => {
      let s = n.name;
      for (const [k, v] of Object.entries(n.params)) s += `.${k}(${v})`;
      if (n.children) s += `{${stringifyFields(n.children)}}`;
      return s;
    })
    .join(',');
}
