/**
 * The preload: exposes exactly one object to the sandboxed renderer, built from the shared contract's method
 * list. Imports only `electron` and `shared/`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, BRIDGE_GLOBAL, ipcChannel, unwrapResult, type ApiResult, type TurnscopeApi } from '../../shared/contract/api';

const api = Object.fromEntries(
  API_METHODS.map((method) => [
    method,
    async (input: unknown) => unwrapResult((await ipcRenderer.invoke(ipcChannel(method), input ?? {})) as ApiResult<unknown>),
  ]),
) as unknown as TurnscopeApi;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, { ...api, host: 'electron' });
