/**
 * Calico's selector expressions (`app == 'cart' && !has(canary)`), as its NetworkPolicy and
 * GlobalNetworkPolicy write them in `selector`, `namespaceSelector` and `serviceAccountSelector`:
 * `all()`, `global()`, `has(k)`, `k == 'v'`, `k != 'v'`, `k in {'a', 'b'}`, `k not in {…}`,
 * `k contains 'v'`, `k starts with 'v'`, `k ends with 'v'`, `!`, `&&`, `||` and parentheses. As in Calico,
 * `!=` and `not in` hold for a resource without the label; an empty expression is `all()`.
 */
export type CalicoSelector = (labels: Readonly<Record<string, string>>, namespaced?: boolean) => boolean;

type Token =
  | { kind: 'label'; value: string }
  | { kind: 'string'; value: string }
  | {
      kind:
        | '('
        | ')'
        | '{'
        | '}'
        | ','
        | '=='
        | '!='
        | '!'
        | '&&'
        | '||'
        | 'in'
        | 'not in'
        | 'contains'
        | 'starts with'
        | 'ends with'
        | 'all'
        | 'global'
        | 'end';
    }
  | { kind: 'has'; value: string };

const LABEL = /^[A-Za-z0-9_./-]+/;
const FUNCTION = /^(all|global)\(\s*\)/;
const HAS = /^has\(\s*([A-Za-z0-9_./-]+)\s*\)/;
const OPERATOR = /^(contains|starts\s+with|ends\s+with|not\s+in|in)(?![A-Za-z0-9_./-])/;

function tokenize(input: string): Token[] | undefined {
  const tokens: Token[] = [];
  let rest = input;
  for (let guard = 0; guard < 10_000; guard++) {
    rest = rest.replace(/^\s+/, '');
    if (rest === '') {
      tokens.push({ kind: 'end' });
      return tokens;
    }
    const previous = tokens[tokens.length - 1];
    const first = rest[0];
    const two = rest.slice(0, 2);
    if (first === '"' || first === "'") {
      const close = rest.indexOf(first, 1);
      if (close < 0) return undefined;
      tokens.push({ kind: 'string', value: rest.slice(1, close) });
      rest = rest.slice(close + 1);
    } else if ('(){},'.includes(first)) {
      tokens.push({ kind: first as '(' });
      rest = rest.slice(1);
    } else if (two === '==' || two === '!=' || two === '&&' || two === '||') {
      tokens.push({ kind: two });
      rest = rest.slice(2);
    } else if (first === '!') {
      tokens.push({ kind: '!' });
      rest = rest.slice(1);
    } else if (previous?.kind === 'label') {
      // After a label only an operator word may follow.
      const operator = OPERATOR.exec(rest);
      if (!operator) return undefined;
      tokens.push({ kind: operator[1].replace(/\s+/, ' ') as 'in' });
      rest = rest.slice(operator[0].length);
    } else {
      const fn = FUNCTION.exec(rest);
      const has = HAS.exec(rest);
      const label = LABEL.exec(rest);
      if (fn) {
        tokens.push({ kind: fn[1] as 'all' });
        rest = rest.slice(fn[0].length);
      } else if (has) {
        tokens.push({ kind: 'has', value: has[1] });
        rest = rest.slice(has[0].length);
      } else if (label) {
        tokens.push({ kind: 'label', value: label[0] });
        rest = rest.slice(label[0].length);
      } else {
        return undefined;
      }
    }
  }
  return undefined;
}

type Node = (labels: Readonly<Record<string, string>>, namespaced: boolean) => boolean;

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    return this.tokens[this.position++];
  }

  parse(): Node | undefined {
    if (this.peek().kind === 'end') return () => true;
    const node = this.or(0);
    return node && this.peek().kind === 'end' ? node : undefined;
  }

  private or(depth: number): Node | undefined {
    const operands: Node[] = [];
    for (;;) {
      const operand = this.and(depth);
      if (!operand) return undefined;
      operands.push(operand);
      if (this.peek().kind !== '||') break;
      this.next();
    }
    return operands.length === 1
      ? operands[0]
      : (labels, namespaced) => operands.some((operand) => operand(labels, namespaced));
  }

  private and(depth: number): Node | undefined {
    const operands: Node[] = [];
    for (;;) {
      const operand = this.unary(depth);
      if (!operand) return undefined;
      operands.push(operand);
      if (this.peek().kind !== '&&') break;
      this.next();
    }
    return operands.length === 1
      ? operands[0]
      : (labels, namespaced) => operands.every((operand) => operand(labels, namespaced));
  }

  private unary(depth: number): Node | undefined {
    if (depth > 100) return undefined;
    const token = this.next();
    switch (token.kind) {
      case '!': {
        const operand = this.unary(depth + 1);
        return operand && ((labels, namespaced) => !operand(labels, namespaced));
      }
      case '(': {
        const inner = this.or(depth + 1);
        return inner && this.next().kind === ')' ? inner : undefined;
      }
      case 'all':
        return () => true;
      case 'global':
        // Matches resources outside any namespace: never a pod, never the namespace of a pod.
        return (_labels, namespaced) => !namespaced;
      case 'has': {
        const key = token.value;
        return (labels) => Object.hasOwn(labels, key);
      }
      case 'label':
        return this.comparison(token.value);
      default:
        return undefined;
    }
  }

  private comparison(key: string): Node | undefined {
    const operator = this.next();
    if (operator.kind === 'in' || operator.kind === 'not in') {
      const values = this.set();
      if (!values) return undefined;
      return operator.kind === 'in'
        ? (labels) => Object.hasOwn(labels, key) && values.has(labels[key])
        : (labels) => !Object.hasOwn(labels, key) || !values.has(labels[key]);
    }
    const literal = this.next();
    if (literal.kind !== 'string') return undefined;
    const value = literal.value;
    const present = (labels: Readonly<Record<string, string>>) => Object.hasOwn(labels, key);
    switch (operator.kind) {
      case '==':
        return (labels) => present(labels) && labels[key] === value;
      case '!=':
        return (labels) => !present(labels) || labels[key] !== value;
      case 'contains':
        return (labels) => present(labels) && labels[key].includes(value);
      case 'starts with':
        return (labels) => present(labels) && labels[key].startsWith(value);
      case 'ends with':
        return (labels) => present(labels) && labels[key].endsWith(value);
      default:
        return undefined;
    }
  }

  private set(): Set<string> | undefined {
    if (this.next().kind !== '{') return undefined;
    const values = new Set<string>();
    if (this.peek().kind === '}') {
      this.next();
      return values;
    }
    for (;;) {
      const literal = this.next();
      if (literal.kind !== 'string') return undefined;
      values.add(literal.value);
      const separator = this.next();
      if (separator.kind === '}') return values;
      if (separator.kind !== ',') return undefined;
    }
  }
}

/** Parses a Calico selector expression; undefined when it is not one (it then selects nothing). */
export function parseCalicoSelector(expression: string): CalicoSelector | undefined {
  const tokens = tokenize(expression);
  if (!tokens) return undefined;
  const node = new Parser(tokens).parse();
  return node && ((labels, namespaced = true) => node(labels, namespaced));
}
