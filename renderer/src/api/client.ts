/**
 * The only code in the renderer that talks to the main side. In Electron it uses the object the preload
 * exposes; in the browser host it calls the same methods over HTTP with the per-launch token.
 */
import {
  API_METHODS,
  BRIDGE_GLOBAL,
  unwrapResult,
  type ApiResult,
  type TurnscopeApi,
} from '../../../shared/contract/api';

type Bridge = TurnscopeApi & { host: 'electron' };

const TOKEN_KEY = 'turnscope.token';

function bridge(): Bridge | null {
  const candidate = (globalThis as Record<string, unknown>)[BRIDGE_GLOBAL];
  return candidate && typeof candidate === 'object' ? (candidate as Bridge) : null;
}

/** The token arrives once in the page address; keep it for reloads and drop it from the visible URL. */
function browserToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpClient(): TurnscopeApi {
  const token = browserToken();
  const call = async (method: string, input: unknown): Promise<unknown> => {
    const res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Turnscope-Token': token },
      body: JSON.stringify(input ?? {}),
    });
    const body = (await res.json()) as ApiResult<unknown>;
    return unwrapResult(body);
  };
  return Object.fromEntries(API_METHODS.map((m) => [m, (input: unknown) => call(m, input)])) as unknown as TurnscopeApi;
}

const electronBridge = bridge();

export const api: TurnscopeApi = electronBridge ?? httpClient();

/** Where the audio element streams a recording from (a custom protocol in Electron, Range-served HTTP otherwise). */
export function mediaUrl(recordingId: string): string {
  const id = encodeURIComponent(recordingId);
  return electronBridge ? `turnscope-media://recording/${id}` : `/media/${id}`;
}
