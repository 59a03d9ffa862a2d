import { ipcMain } from 'electron';
import { API_METHODS, ipcChannel, type TurnscopeApi } from '../../../shared/contract/api';
import { dispatch } from '../api/dispatch';

/** One ipcMain handler per contract method; results and errors cross as data. */
export function registerIpc(api: TurnscopeApi): void {
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel(method), (_event, input: unknown) => dispatch(api, method, input));
  }
}
