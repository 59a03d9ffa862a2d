import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';

/** The one app window: sandboxed, context-isolated, no Node in the page, no navigation away from the app. */
export function createMainWindow(appDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Turnscope',
    show: false,
    webPreferences: {
      preload: join(appDir, 'out', 'preload', 'index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void shell; // external links are never opened: Turnscope is offline by design.
  void win.loadFile(join(appDir, 'out', 'renderer', 'index.html'));
  return win;
}
