/**
 * Glob matching in time linear in the path for a given pattern (no backtracking): each glob compiles to a
 * small automaton that is run over the path with a set of live states. Supports `*` (within a path
 * segment), `**` (any number of segments), `?`, classes `[abc]`, `[a-z]`, `[!abc]`, and braces `{a,b}`
 * (expanded, bounded). Dot files match like any other (as `files.exclude` does).
 */

type Token =
  | { kind: 'char'; char: string }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'globstar' }
  | { kind: 'class'; negated: boolean; ranges: Array<[string, string]> };

/** Brace expansions allowed per glob: `{a,b}{c,d}…` beyond this is refused. */
const MAX_ALTERNATIVES = 256;
/** Longer globs are refused: a glob is a few dozen characters. */
export const MAX_GLOB_LENGTH = 1024;
/** The pattern characters of all the alternatives of one glob together. */
const MAX_STATES_PER_GLOB = 4096;

export class GlobError extends Error {}

function expandBraces(glob: string): string[] {
  const open = findBrace(glob);
  if (!open) return [glob];
  const { start, end, parts } = open;
  const results: string[] = [];
  for (const part of parts) {
    for (const rest of expandBraces(glob.slice(0, start) + part + glob.slice(end + 1))) {
      results.push(rest);
      if (results.length > MAX_ALTERNATIVES)
        throw new GlobError(`"${glob}" expands to more than ${MAX_ALTERNATIVES} alternatives`);
    }
  }
  return results;
}

/** The first top-level `{…,…}` of a glob, with its comma-separated parts (nested braces kept whole). */
function findBrace(glob: string): { start: number; end: number; parts: string[] } | undefined {
  for (let start = 0; start < glob.length; start++) {
    if (glob[start] === '\\') {
      start++;
      continue;
    }
    if (glob[start] !== '{') continue;
    let depth = 0;
    const parts: string[] = [];
    let partStart = start + 1;
    for (let index = start; index < glob.length; index++) {
      const char = glob[index];
      if (char === '\\') {
        index++;
        continue;
      }
      if (char === '{') depth++;
      else if (char === '}') {
        depth--;
        if (depth === 0) {
          parts.push(glob.slice(partStart, index));
          if (parts.length > 1) return { start, end: index, parts };
          break;
        }
      } else if (char === ',' && depth === 1) {
        parts.push(glob.slice(partStart, index));
        partStart = index + 1;
      }
    }
  }
  return undefined;
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '\\' && index + 1 < glob.length) {
      tokens.push({ kind: 'char', char: glob[++index] });
    } else if (char === '*') {
      let end = index;
      while (glob[end + 1] === '*') end++;
      const segmentStart = index === 0 || glob[index - 1] === '/';
      const segmentEnd = end + 1 === glob.length || glob[end + 1] === '/';
      if (end > index && segmentStart && segmentEnd) {
        tokens.push({ kind: 'globstar' });
        // `**/` matches zero or more whole segments: the slash belongs to the globstar.
        if (glob[end + 1] === '/') end++;
      } else {
        tokens.push({ kind: 'star' });
      }
      index = end;
    } else if (char === '?') {
      tokens.push({ kind: 'any' });
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 2);
      if (close < 0) {
        tokens.push({ kind: 'char', char });
        continue;
      }
      let body = glob.slice(index + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      const ranges: Array<[string, string]> = [];
      for (let position = 0; position < body.length; position++) {
        if (body[position + 1] === '-' && position + 2 < body.length) {
          ranges.push([body[position], body[position + 2]]);
          position += 2;
        } else {
          ranges.push([body[position], body[position]]);
        }
      }
      tokens.push({ kind: 'class', negated, ranges });
      index = close;
    } else {
      tokens.push({ kind: 'char', char });
    }
  }
  return tokens;
}

function matchesToken(token: Token, char: string): boolean {
  switch (token.kind) {
    case 'char':
      return token.char === char;
    case 'any':
    case 'star':
      return char !== '/';
    case 'globstar':
      return true;
    case 'class': {
      if (char === '/') return false;
      const inside = token.ranges.some(([from, to]) => char >= from && char <= to);
      return inside !== token.negated;
    }
  }
}

/**
 * Runs the automaton of one tokenized glob: state i means "tokens before i matched". A star or globstar
 * may consume any number of characters (staying in its state) or none (moving past it).
 */
function run(tokens: readonly Token[], path: string): boolean {
  const count = tokens.length;
  let current = new Uint8Array(count + 1);
  let next = new Uint8Array(count + 1);
  const close = (states: Uint8Array) => {
    for (let state = 0; state < count; state++) {
      const token = tokens[state];
      if (states[state] && (token.kind === 'star' || token.kind === 'globstar')) states[state + 1] = 1;
    }
  };
  current[0] = 1;
  close(current);
  for (let position = 0; position < path.length; position++) {
    const char = path[position];
    next.fill(0);
    let alive = false;
    for (let state = 0; state < count; state++) {
      if (!current[state]) continue;
      const token = tokens[state];
      if (!matchesToken(token, char)) continue;
      alive = true;
      if (token.kind === 'star' || token.kind === 'globstar') next[state] = 1;
      else next[state + 1] = 1;
    }
    if (!alive) return false;
    close(next);
    [current, next] = [next, current];
  }
  return current[count] === 1;
}

/** One matcher for a list of globs: true when any matches the whole path (forward slashes). */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const compiled: Token[][] = [];
  for (const glob of globs) {
    if (glob.length > MAX_GLOB_LENGTH)
      throw new GlobError(`a glob longer than ${MAX_GLOB_LENGTH} characters`);
    // Matching costs the path's length times the states of every alternative: bound them per glob.
    let states = 0;
    for (const alternative of expandBraces(glob)) {
      const tokens = tokenize(alternative.replace(/^\.\//, ''));
      states += tokens.length;
      if (states > MAX_STATES_PER_GLOB)
        throw new GlobError(`"${glob}" expands to more than ${MAX_STATES_PER_GLOB} pattern characters`);
      compiled.push(tokens);
    }
  }
  if (compiled.length === 0) return () => false;
  return (path: string) => compiled.some((tokens) => run(tokens, path));
}
