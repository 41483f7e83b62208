/**
 * Who made a change, as the reader is told: the reader's name and the computer it was made on, from
 * the signature every change carries ({@link ChangeAuthor}) and the names each computer gives itself
 * in the library ({@link LibraryDevice}).
 */
import type { Annotation, ChangeAuthor } from './model';
import type { LibraryDevice } from './sync';

/** The computers sharing a library, by id. */
export type DeviceDirectory = ReadonlyMap<string, LibraryDevice>;

/** `devices` by id. */
export function deviceDirectory(devices: readonly LibraryDevice[]): DeviceDirectory {
  return new Map(devices.map((device) => [device.id, device]));
}

/** The reader who made a change: the name it was signed with, else the name that computer gives its reader. */
export function readerOf(author: ChangeAuthor, devices: DeviceDirectory): string | null {
  return author.reader ?? devices.get(author.deviceId)?.readerName ?? null;
}

/** The computer a change was made on: "this computer", its name, or "another computer" when it gave none. */
export function computerOf(author: ChangeAuthor, devices: DeviceDirectory): string {
  const device = devices.get(author.deviceId);
  if (device?.thisComputer === true) return 'this computer';
  return device?.name ?? 'another computer';
}

/** "Ana on Ana’s laptop", "Ana on this computer", or the computer alone when the reader is not known. */
export function authorPhrase(author: ChangeAuthor, devices: DeviceDirectory): string {
  const reader = readerOf(author, devices);
  const computer = computerOf(author, devices);
  return reader === null ? computer : `${reader} on ${computer}`;
}

/** Whether a change was made by the reader now at this computer (so naming them would be noise). */
export function isOwnChange(author: ChangeAuthor, devices: DeviceDirectory): boolean {
  const here = devices.get(author.deviceId);
  return here?.thisComputer === true && readerOf(author, devices) === here.readerName;
}

/**
 * Who made an annotation and, when someone else or another computer changed it since, who did last:
 * "Made by Ana on Ana’s laptop; last changed by Ben on this computer". `null` when the annotation
 * carries no signature (a library not yet read through the change logs).
 */
export function annotationAuthorship(
  annotation: Pick<Annotation, 'createdBy' | 'modifiedBy'>,
  devices: DeviceDirectory,
): string | null {
  const { createdBy, modifiedBy } = annotation;
  if (createdBy === undefined) return null;
  const made = `Made by ${authorPhrase(createdBy, devices)}`;
  if (modifiedBy === undefined || sameAuthor(createdBy, modifiedBy)) return made;
  return `${made}; last changed by ${authorPhrase(modifiedBy, devices)}`;
}

/**
 * The short byline of an annotation someone else made, for a closed card: the reader's name, else
 * the computer's; `null` for the reader's own annotations made here.
 */
export function annotationByline(
  annotation: Pick<Annotation, 'createdBy'>,
  devices: DeviceDirectory,
): string | null {
  const { createdBy } = annotation;
  if (createdBy === undefined || isOwnChange(createdBy, devices)) return null;
  return readerOf(createdBy, devices) ?? computerOf(createdBy, devices);
}

function sameAuthor(a: ChangeAuthor, b: ChangeAuthor): boolean {
  return a.deviceId === b.deviceId && a.reader === b.reader;
}
