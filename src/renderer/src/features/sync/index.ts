/**
 * A library several computers share: the computers and the names that sign each one's changes, the texts two
 * computers edited differently, and what core says about the library (conversion, conflict copies).
 */
export { DeviceDialog } from './DeviceDialog';
export { DeviceStore } from './device-store';
export { DevicesContext, useDevices } from './devices-context';
export { LibraryHealthDialog } from './LibraryHealthDialog';
export { showLibraryNotices } from './library-notices';
export { openLibraryHealthAction } from './open-library-health';
export { openDeviceSettingsAction } from './open-device-settings';
export { TextConflictBanner } from './TextConflictBanner';
