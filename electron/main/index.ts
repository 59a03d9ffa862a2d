/**
 * Electron lifecycle only: open the store, register IPC and the media protocol, open the window.
 * All behaviour lives in modules that run under plain Node too (the CLI and browser host use them).
 */
import { app, BrowserWindow, dialog, session } from 'electron';
import { resolveDatabasePath, appRoot } from './paths';
import { openServices, type Services } from './services';
import { registerIpc } from './ipc/register-ipc';
import { handleMediaProtocol, registerMediaScheme, MEDIA_SCHEME } from './media-protocol';
import { createMainWindow } from './windows/main-window';

registerMediaScheme();
let services: Services | null = null;

void app.whenReady().then(() => {
  const chooseFiles = async (): Promise<string[]> => {
    const result = await dialog.showOpenDialog({
      title: 'Import calls',
      properties: ['openFile', 'openDirectory', 'multiSelections'],
      filters: [{ name: 'Traces and recordings', extensions: ['json', 'jsonl', 'ndjson', 'wav', 'zip'] }],
    });
    return result.canceled ? [] : result.filePaths;
  };
  services = openServices(resolveDatabasePath(null, app.getPath('userData')), 'electron', chooseFiles);
  registerIpc(services.api);
  handleMediaProtocol(services.recordingPath);
  // Nothing leaves the machine: refuse every request that is not the app's own files or recordings.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith('file:') || details.url.startsWith(`${MEDIA_SCHEME}:`) || details.url.startsWith('devtools:');
    callback({ cancel: !allowed });
  });
  createMainWindow(appRoot());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(appRoot());
  });
});

app.on('window-all-closed', () => {
  services?.close();
  services = null;
  if (process.platform !== 'darwin') app.quit();
});
