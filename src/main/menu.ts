/** The application menu. */
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { HOST_CHANNELS } from '../shared/ipc';

/**
 * Installs the menu; File › Import… and Import Folder… ask the renderer to run its import flow, and
 * Edit › Undo and Redo ask it to take a step back or forward.
 */
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
          click: () => getWindow()?.webContents.send(HOST_CHANNELS.menuImport, 'files'),
        },
        {
          label: 'Import Folder…',
          accelerator: 'CmdOrCtrl+Shift+O',
          click: () => getWindow()?.webContents.send(HOST_CHANNELS.menuImport, 'folder'),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // Scholia's own undo (highlights, tags, text edits) outside text fields, the field's own in them:
        // the renderer decides. The keys are shown, not taken, so pressing them reaches the page.
        {
          label: 'Undo',
          accelerator: 'CmdOrCtrl+Z',
          registerAccelerator: false,
          click: () => getWindow()?.webContents.send(HOST_CHANNELS.menuCommand, 'undo'),
        },
        {
          label: 'Redo',
          accelerator: 'Shift+CmdOrCtrl+Z',
          registerAccelerator: false,
          click: () => getWindow()?.webContents.send(HOST_CHANNELS.menuCommand, 'redo'),
        },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
