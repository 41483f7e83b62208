/** The computers sharing the library, as every view reads them: the one devices store. */
import { createContext } from 'react';
import { useProvided } from '../../ui/use-provided';
import type { DeviceStore } from './device-store';

/** The context `App` provides the devices store in. */
export const DevicesContext = createContext<DeviceStore | null>(null);

/** The computers sharing the library and their names; throws when used outside `App`. */
export function useDevices(): DeviceStore {
  return useProvided(DevicesContext, 'useDevices');
}
