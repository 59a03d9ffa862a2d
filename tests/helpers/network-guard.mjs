// Loaded with `node --import` into a Turnscope process under test: records (and refuses) every attempt to
// reach beyond this machine from the process's main thread: a socket connecting anywhere but loopback or a
// local socket path, or a DNS lookup of anything but localhost. Attempts are appended, one JSON line each, to
// the file named by TURNSCOPE_NETWORK_LOG, which the test reads afterwards.
import { appendFileSync } from 'node:fs';
import dns from 'node:dns';
import net from 'node:net';

const log = process.env.TURNSCOPE_NETWORK_LOG;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/i;

function refuse(what, target) {
  if (log) appendFileSync(log, `${JSON.stringify({ what, target, stack: new Error().stack?.split('\n').slice(2, 6).join(' | ') })}\n`);
  throw new Error(`network guard: ${what} ${target} refused (Turnscope must not leave this machine)`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : typeof first === 'object' && first !== null ? first : null;
  if (options && typeof options.path === 'string') return connect.apply(this, args);
  const host = options ? (options.host ?? 'localhost') : typeof args[1] === 'string' ? args[1] : 'localhost';
  if (typeof first === 'string' && Number.isNaN(Number(first))) return connect.apply(this, args); // a local socket path
  if (!LOOPBACK.test(String(host))) refuse('connect to', `${host}:${options?.port ?? first}`);
  return connect.apply(this, args);
};

for (const api of [dns, dns.promises]) {
  const lookup = api.lookup;
  api.lookup = function guardedLookup(hostname, ...rest) {
    if (!LOOPBACK.test(String(hostname))) refuse('DNS lookup of', hostname);
    return lookup.call(this, hostname, ...rest);
  };
}
