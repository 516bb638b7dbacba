import { writeSync } from 'node:fs';
import net from 'node:net';

/**
 * Preloaded into the language servers the benchmark drives (`node -r out/bench/noNetwork.js …`): any
 * outgoing connection is refused and reported on stderr, where the benchmark looks for it. The servers
 * are configured so that none is attempted (no schema store, no schemas); this makes sure of it.
 */
export const NETWORK_MARK = 'kube-maturity-bench: network connection refused';

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const options = args[0] as { path?: string; host?: string; port?: number } | string | number | undefined;
  // Local IPC (a pipe or socket file) is not the network.
  if (typeof options === 'object' && options?.path) return connect.apply(this, args as never);
  if (typeof options === 'string' && !/^\d+$/.test(options)) return connect.apply(this, args as never);
  const where = typeof options === 'object' ? `${options.host ?? ''}:${options.port ?? ''}` : String(options);
  writeSync(2, `${NETWORK_MARK}: ${where}\n`);
  throw new Error(NETWORK_MARK);
} as typeof connect;
