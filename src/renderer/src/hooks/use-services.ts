/** Handing the app's services to every component without threading them through props. */
import { createContext, useContext } from 'react';
import type { AppServices } from '../state/app-services';

/** The context `App` provides its services in. */
export const ServicesContext = createContext<AppServices | null>(null);

/** The app's services; throws when used outside `App` (a programming error). */
export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error('useServices() was called outside <App>.');
  return services;
}
