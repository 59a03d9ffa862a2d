import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TurnscopeApi } from '../../shared/contract/api';
import { dispatch } from '../main/api/dispatch';
import { mediaResponse } from '../main/media/media-response';
import { serveStatic } from './static-files';

export interface BrowserHostOptions {
  api: TurnscopeApi;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  /** Resolves a recording id to its file, or null when unknown. */
  recordingPath: (recordingId: string) => string | null;
  port?: number;
  token?: string;
}

export interface BrowserHost {
  server: Server;
  port: number;
  token: string;
  /** The address to open, carrying the token. */
  url: string;
  close(): Promise<void>;
}

const TOKEN_HEADER = 'x-turnscope-token';
const COOKIE = 'turnscope_token';
const MAX_BODY_BYTES = 1 << 20;

/**
 * The browser host: the built renderer plus the same API handlers over HTTP, on 127.0.0.1 only. Every
 * request must carry the per-launch token: in the first page's URL (exchanged for a same-site cookie so the
 * page's own assets and audio load), and in a header on every API call.
 */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const server = createServer((req, res) => {
    handle(req, res, opts, token).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: String(err) } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return null;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: BrowserHostOptions, token: string): Promise<void> {
  const port = (req.socket.address() as AddressInfo).port;
  // A page on another site that re-points its own name at 127.0.0.1 (DNS rebinding) sends its own Host.
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    sendJson(res, 403, { ok: false, error: { code: 'invalid_input', message: 'wrong Host header' } });
    return;
  }
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  const queryToken = url.searchParams.get('token');
  const cookieOk = sameToken(cookieToken(req), token);

  if (url.pathname.startsWith('/api/')) {
    if (!sameToken(req.headers[TOKEN_HEADER] as string | undefined, token)) {
      sendJson(res, 401, { ok: false, error: { code: 'invalid_input', message: 'missing or wrong token' } });
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: 'API calls use POST' } });
      return;
    }
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body ? JSON.parse(body) : {};
    } catch (err) {
      sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: `bad request body: ${String(err)}` } });
      return;
    }
    const result = await dispatch(opts.api, url.pathname.slice('/api/'.length), input);
    sendJson(res, 200, result);
    return;
  }

  if (!cookieOk && !sameToken(queryToken, token)) {
    res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Turnscope: missing or wrong token. Open the address printed by `npm start` or `turnscope serve`.');
    return;
  }
  const setCookie = sameToken(queryToken, token) && !cookieOk
    ? { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` }
    : {};

  if (url.pathname.startsWith('/media/')) {
    const id = decodeURIComponent(url.pathname.slice('/media/'.length));
    const media = mediaResponse(opts.recordingPath(id), req.headers.range);
    res.writeHead(media.status, { ...media.headers, ...setCookie });
    if (media.body && req.method !== 'HEAD') media.body.pipe(res);
    else res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  for (const [k, v] of Object.entries(setCookie)) res.setHeader(k, v);
  if (!serveStatic(opts.rendererDir, url.pathname, res)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  }
}
