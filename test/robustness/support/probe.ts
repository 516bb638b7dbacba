/**
 * Preloaded into the CLI or the server under test (`node --require probe.js …`): records, without changing
 * what they do, every use of the network (net, dns, http, https, http2, tls, dgram, fetch), every program
 * run or code evaluated (child_process, vm, worker_threads, eval, process.dlopen), every module loaded from
 * outside the bundle, every read of a watched file, and at exit the peak memory (VmHWM). Each record is a
 * JSON line appended to $KM_PROBE_OUT at once, so that a process killed later still left its records.
 *
 *   KM_PROBE_OUT    file the records go to (nothing is recorded without it)
 *   KM_PROBE_WATCH  directory whose file reads are recorded (reads elsewhere are not)
 */
import { appendFileSync, readFileSync } from 'node:fs';
import Module from 'node:module';

const out = process.env.KM_PROBE_OUT;
const watched = process.env.KM_PROBE_WATCH;
let recording = false;

function record(kind: string, detail: unknown): void {
  if (!out || recording) return;
  recording = true;
  try {
    appendFileSync(
      out,
      `${JSON.stringify({ kind, detail: String(detail).slice(0, 300), pid: process.pid })}\n`,
    );
  } catch {
    // the record is best effort; the process under test must not change behaviour
  } finally {
    recording = false;
  }
}

type AnyFunction = (...args: unknown[]) => unknown;

/** Replaces `target[name]` by a wrapper that records the call and then does what the original did. */
function wrap(
  target: Record<string, unknown> | undefined,
  name: string,
  kind: string,
  describe?: (args: unknown[]) => unknown,
): void {
  if (!target) return;
  const original = target[name];
  if (typeof original !== 'function') return;
  const wrapper = function (this: unknown, ...args: unknown[]) {
    record(
      kind,
      describe
        ? describe(args)
        : `${name}(${args.map((arg) => (typeof arg === 'string' ? arg : typeof arg)).join(', ')})`,
    );
    return (original as AnyFunction).apply(this, args);
  };
  try {
    Object.defineProperty(target, name, { value: wrapper, writable: true, configurable: true });
  } catch {
    // a frozen export: left as it is
  }
}

/** Wraps a class so that constructing it is recorded. */
function wrapClass(target: Record<string, unknown> | undefined, name: string, kind: string): void {
  if (!target) return;
  const original = target[name];
  if (typeof original !== 'function') return;
  const proxy = new Proxy(original as new (...args: unknown[]) => object, {
    construct(cls, args, newTarget) {
      record(kind, `new ${name}(${typeof args[0] === 'string' ? args[0] : typeof args[0]})`);
      return Reflect.construct(cls, args, newTarget);
    },
    apply(cls, self, args) {
      record(kind, `${name}()`);
      return Reflect.apply(cls as unknown as AnyFunction, self, args);
    },
  });
  try {
    Object.defineProperty(target, name, { value: proxy, writable: true, configurable: true });
  } catch {
    // left as it is
  }
}

function load(name: string): Record<string, unknown> | undefined {
  try {
    return require(name) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

if (out) {
  const net = load('node:net');
  for (const name of ['connect', 'createConnection', 'createServer']) wrap(net, name, 'network');
  wrap((net?.Socket as { prototype: Record<string, unknown> } | undefined)?.prototype, 'connect', 'network');
  wrap((net?.Server as { prototype: Record<string, unknown> } | undefined)?.prototype, 'listen', 'network');
  const dns = load('node:dns');
  for (const name of [
    'lookup',
    'lookupService',
    'resolve',
    'resolve4',
    'resolve6',
    'resolveAny',
    'resolveTxt',
    'reverse',
  ])
    wrap(dns, name, 'network');
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6'])
    wrap(dns?.promises as Record<string, unknown>, name, 'network');
  for (const module of ['node:http', 'node:https']) {
    const http = load(module);
    for (const name of ['request', 'get', 'createServer']) wrap(http, name, 'network');
  }
  const http2 = load('node:http2');
  for (const name of ['connect', 'createServer', 'createSecureServer']) wrap(http2, name, 'network');
  const tls = load('node:tls');
  for (const name of ['connect', 'createServer']) wrap(tls, name, 'network');
  wrap(load('node:dgram'), 'createSocket', 'network');
  wrap(globalThis as unknown as Record<string, unknown>, 'fetch', 'network');
  wrapClass(globalThis as unknown as Record<string, unknown>, 'WebSocket', 'network');

  const childProcess = load('node:child_process');
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'])
    wrap(childProcess, name, 'execute');
  const vm = load('node:vm');
  for (const name of [
    'runInThisContext',
    'runInNewContext',
    'runInContext',
    'compileFunction',
    'measureMemory',
  ])
    wrap(vm, name, 'evaluate');
  wrapClass(vm, 'Script', 'evaluate');
  wrapClass(load('node:worker_threads'), 'Worker', 'execute');
  wrap(process as unknown as Record<string, unknown>, 'dlopen', 'execute');
  wrap(globalThis as unknown as Record<string, unknown>, 'eval', 'evaluate');

  // Modules: the bundles only load Node's built-in modules; anything else is recorded with its path.
  const moduleInternals = Module as unknown as { _load: AnyFunction; builtinModules: string[] };
  const builtins = new Set(Module.builtinModules);
  const originalLoad = moduleInternals._load;
  moduleInternals._load = function (this: unknown, ...args: unknown[]) {
    const request = String(args[0]);
    if (!request.startsWith('node:') && !builtins.has(request)) record('module', request);
    return originalLoad.apply(this, args);
  };

  if (watched) {
    const fs = load('node:fs');
    const describePath = (args: unknown[]) => String(args[0]);
    const isWatched = (args: unknown[]) =>
      typeof args[0] === 'string' && (args[0] as string).startsWith(watched);
    for (const name of ['readFileSync', 'readFile', 'openSync', 'open', 'createReadStream']) {
      const original = fs?.[name] as AnyFunction | undefined;
      if (!fs || typeof original !== 'function') continue;
      fs[name] = function (this: unknown, ...args: unknown[]) {
        if (isWatched(args)) record('read', `${name} ${describePath(args)}`);
        return original.apply(this, args);
      };
    }
    const promises = fs?.promises as Record<string, unknown> | undefined;
    for (const name of ['readFile', 'open']) {
      const original = promises?.[name] as AnyFunction | undefined;
      if (!promises || typeof original !== 'function') continue;
      promises[name] = function (this: unknown, ...args: unknown[]) {
        if (isWatched(args)) record('read', `promises.${name} ${describePath(args)}`);
        return original.apply(this, args);
      };
    }
  }

  // On SIGUSR2 (sent by a test), a garbage collection (with --expose-gc) and the heap in use, recorded: what
  // "memory back to its level" is measured with. Node leaves SIGUSR2 to applications.
  if (process.env.KM_PROBE_HEAP) {
    process.on('SIGUSR2', () => {
      (globalThis as { gc?: () => void }).gc?.();
      const usage = process.memoryUsage();
      record('heap', JSON.stringify({ heapUsed: usage.heapUsed, rss: usage.rss, external: usage.external }));
    });
  }

  process.on('exit', () => {
    try {
      const status = readFileSync('/proc/self/status', 'utf8');
      const peak = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      if (peak) record('peak-rss-kb', peak);
    } catch {
      // not Linux
    }
  });
}
