import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../electron/host/browser-host';
import { openServices, type Services } from '../../../electron/main/services';
import { tempDir, threeTurnCall, writeCallWithRecording } from '../../helpers/call-fixture';

let host: BrowserHost;
let services: Services;
let wavPath: string;
let recordingId: string;

/** Raw HTTP so the test controls every header, including Host. */
function send(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const api = (method: string, input: unknown, token = host.token) =>
  send(`/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Turnscope-Token': token }, body: JSON.stringify(input) });

beforeAll(async () => {
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  ({ wavPath } = writeCallWithRecording(dir, threeTurnCall('host-call')));
  services = openServices(join(dir, 'store.db'), 'browser');
  await services.api.importPaths({ paths: [dir] });
  recordingId = (await services.api.getCall({ callId: 'host-call' })).recordings[0]!.id;
  host = await startBrowserHost({ api: services.api, rendererDir, recordingPath: services.recordingPath });
});

afterAll(async () => {
  await host.close();
  services.close();
});

describe('browser host', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers API calls with the right token, and refuses a wrong or missing one', async () => {
    const ok = await api('listCalls', {});
    expect(ok.status).toBe(200);
    const body = JSON.parse(ok.body.toString()) as { ok: boolean; value: { calls: { id: string }[]; total: number } };
    expect(body.ok).toBe(true);
    expect(body.value.calls.map((c) => c.id)).toEqual(['host-call']);
    expect(body.value.total).toBe(1);
    expect((await api('listCalls', {}, 'wrong-token-wrong-token-wrong-tok')).status).toBe(401);
    const missing = await send('/api/listCalls', { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
  });

  it('returns handler errors as data with their code', async () => {
    const res = await api('getCall', { callId: 'nope' });
    expect(JSON.parse(res.body.toString())).toEqual({ ok: false, error: { code: 'not_found', message: 'no call with id "nope"' } });
    const unknown = await api('dropDatabase', {});
    expect(JSON.parse(unknown.body.toString())).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('serves the page only with the token, then by the cookie it sets', async () => {
    expect((await send('/')).status).toBe(401);
    const first = await send(`/?token=${host.token}`);
    expect(first.status).toBe(200);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe(`turnscope_token=${host.token}`);
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await send('/index.html', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('refuses requests whose Host is not the loopback address (DNS rebinding)', async () => {
    const res = await send(`/?token=${host.token}`, { headers: { Host: `evil.example:${host.port}` } });
    expect(res.status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await send(`/..%2Fsecret.txt?token=${host.token}`);
    expect(res.status).toBe(404);
  });

  it('streams audio with HTTP Range', async () => {
    const whole = readFileSync(wavPath);
    const full = await send(`/media/${recordingId}?token=${host.token}`);
    expect(full.status).toBe(200);
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(full.body.equals(whole)).toBe(true);
    const part = await send(`/media/${recordingId}?token=${host.token}`, { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${whole.length}`);
    expect(part.body.equals(whole.subarray(100, 200))).toBe(true);
    const tail = await send(`/media/${recordingId}?token=${host.token}`, { headers: { Range: 'bytes=-10' } });
    expect(tail.body.equals(whole.subarray(whole.length - 10))).toBe(true);
    const beyond = await send(`/media/${recordingId}?token=${host.token}`, { headers: { Range: `bytes=${whole.length}-` } });
    expect(beyond.status).toBe(416);
    expect((await send(`/media/${recordingId}`)).status).toBe(401);
    expect((await send(`/media/unknown?token=${host.token}`)).status).toBe(404);
  });
});
