import { isApiMethod, toErrorData, type ApiResult, type TurnscopeApi } from '../../../shared/contract/api';

/**
 * Runs one API call by name with an untrusted input and returns the result as data. Every host funnels
 * requests through here, so an unknown method or a thrown error looks the same on every transport.
 */
export async function dispatch(api: TurnscopeApi, method: string, input: unknown): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) return { ok: false, error: { code: 'invalid_input', message: `unknown API method "${method}"` } };
  try {
    const handler = api[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(input ?? {}) };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
