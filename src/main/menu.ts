/** The application menu. */
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { HOST_CHANNELS } from '../shared/ipc';

/** Installs the menu; File › Import… asks the renderer to run its import flow. */
export function installMenu(getWindow: () => BrowserWindow | null): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'Import…',
          accelerator: 'CmdOrCtrl+O',
          click: () => getWindow()?.webContents.send(HOST_CHANNELS.menuImport),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
