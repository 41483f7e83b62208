/**
 * The desktop packages' configuration (scripts/electron-builder.config.ts), checked without building a
 * package (that needs Electron's binaries, which are downloaded at build time): it is valid by
 * electron-builder's own schema, every extension the import table lists is associated with a MIME type,
 * the `scholia://` scheme is registered, every icon is there at its size, and the `.desktop` entry in
 * resources/linux is the one the deb installs and passes `desktop-file-validate` (when
 * desktop-file-utils is installed; the test says so when it is not).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileAssociation, LinuxPackager, LinuxTargetSpecificOptions } from 'electron-builder';
// electron-builder's own schema check and desktop entry, from the packages it installs (not public API).
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_FILE_INFO,
  IMPORT_FORMAT_INFO,
  QDA_FILE_INFO,
  SOURCE_FORMATS,
} from '../src/shared/import-formats';
import config, {
  DECLARED_MIME_TYPES,
  DESKTOP_ENTRY,
  EXECUTABLE_NAME,
  ICON_SIZES,
  MIME_TYPES,
  PRODUCT_NAME,
  URL_SCHEME,
  desktopMimeTypes,
} from './electron-builder.config';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESOURCES = join(ROOT, 'resources');
const DESKTOP_FILE = join(RESOURCES, 'linux', `${EXECUTABLE_NAME}.desktop`);

interface PackageJson {
  readonly productName: string;
  readonly description: string;
  readonly version: string;
  readonly scripts: Readonly<Record<string, string>>;
}
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;

/** Every extension the import table lists (text and reference formats, annotation and REFI-QDA files). */
function tableExtensions(): string[] {
  const all = [
    ...SOURCE_FORMATS.flatMap((format) => IMPORT_FORMAT_INFO[format].extensions),
    ...ANNOTATION_FILE_INFO.extensions,
    ...QDA_FILE_INFO.extensions,
  ];
  return [...new Set(all)];
}

function associations(): FileAssociation[] {
  const { fileAssociations } = config;
  if (fileAssociations === undefined) return [];
  return Array.isArray(fileAssociations) ? fileAssociations : [fileAssociations];
}

function extensionsOf(association: FileAssociation): string[] {
  return typeof association.ext === 'string' ? [association.ext] : [...association.ext];
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(0, 8).equals(signature), `${file} is a PNG`).toBe(true);
  expect(bytes.toString('latin1', 12, 16), `${file} starts with IHDR`).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** A `.desktop` file's `[Desktop Entry]` group as key → value. */
function desktopEntry(text: string): Map<string, string> {
  const entry = new Map<string, string>();
  let inEntry = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('[')) inEntry = line === '[Desktop Entry]';
    else if (inEntry && line.includes('=') && !line.startsWith('#')) {
      const at = line.indexOf('=');
      entry.set(line.slice(0, at), line.slice(at + 1));
    }
  }
  return entry;
}

/**
 * The `.desktop` entry the deb installs, computed by electron-builder's own code over this
 * configuration (its packager stood in for by the fields that code reads).
 */
function electronBuilderLinux(): LinuxTargetHelper {
  const linux = config.linux ?? {};
  const extraMetadata = (config.extraMetadata as { readonly desktopName?: string } | undefined) ?? {};
  const packager = {
    appInfo: {
      productName: PRODUCT_NAME,
      sanitizedProductName: PRODUCT_NAME,
      productFilename: PRODUCT_NAME,
      description: packageJson.description,
      version: packageJson.version,
    },
    executableName: linux.executableName ?? EXECUTABLE_NAME,
    info: { metadata: { ...packageJson, desktopName: extraMetadata.desktopName } },
    config,
    platformSpecificBuildOptions: linux,
    fileAssociations: associations(),
    getTempFile: (suffix: string) =>
      Promise.resolve(join(mkdtempSync(join(tmpdir(), 'scholia-deb-')), `file${suffix}`)),
  } as unknown as LinuxPackager;
  return new LinuxTargetHelper(packager);
}

function electronBuilderDesktopEntry(): Promise<string> {
  // The deb's options over the Linux ones, as electron-builder merges them for its deb target.
  const options = { ...(config.linux ?? {}), ...(config.deb ?? {}) } as LinuxTargetSpecificOptions;
  return electronBuilderLinux().computeDesktopEntry(options);
}

/** `desktop-file-validate`'s verdict on `file`, or null when desktop-file-utils is not installed. */
function desktopFileValidate(file: string): { status: number | null; output: string } | null {
  const run = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
  if (run.error !== undefined) return null;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the electron-builder configuration', () => {
  it('is valid by electron-builder’s schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds the AppImage and deb, dmg and NSIS installer, from the built app only', () => {
    expect(config.appId).toBe('org.scholia.app');
    expect(config.productName).toBe(packageJson.productName);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Education;Office;');
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.mac?.category).toBe('public.app-category.education');
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.nsis?.oneClick).toBe(false);
    expect(config.nsis?.perMachine).toBe(false);
    expect(config.files).toEqual(['out/**', 'package.json']);
    expect(config.directories?.buildResources).toBe('resources');
  });

  it('ships the citation styles core looks for', () => {
    expect(config.extraResources).toEqual([{ from: 'resources/csl', to: 'resources/csl', filter: ['**/*'] }]);
    expect(existsSync(join(ROOT, 'resources', 'csl', 'apa.csl'))).toBe(true);
  });

  it('is what `npm run dist` builds with', () => {
    expect(packageJson.scripts['dist']).toBe(
      'electron-vite build && electron-builder --config scripts/electron-builder.config.ts',
    );
  });
});

describe('file associations', () => {
  it('associate every extension the import table lists, once, named as the table names it', () => {
    const associated = associations().flatMap(extensionsOf);
    expect(new Set(associated).size, 'no extension is associated twice').toBe(associated.length);
    const missing = tableExtensions().filter((extension) => !associated.includes(extension.slice(1)));
    expect(missing, 'extensions in src/shared/import-formats.ts without a file association').toEqual([]);
    const extra = associated.filter((extension) => !tableExtensions().includes(`.${extension}`));
    expect(extra, 'associated extensions Scholia does not import').toEqual([]);
    for (const format of SOURCE_FORMATS) {
      const info = IMPORT_FORMAT_INFO[format];
      const association = associations().find((a) => extensionsOf(a).includes(info.extensions[0].slice(1)));
      expect(association?.name, `the association of .${format}`).toBe(info.label);
    }
    for (const association of associations()) expect(association.role).toBe('Viewer');
  });

  it('give every extension a MIME type', () => {
    const without = tableExtensions().filter((extension) => (MIME_TYPES[extension] ?? []).length === 0);
    expect(without, 'extensions to add to MIME_TYPES in scripts/electron-builder.config.ts').toEqual([]);
    const unused = Object.keys(MIME_TYPES).filter((extension) => !tableExtensions().includes(extension));
    expect(unused, 'MIME_TYPES entries for extensions Scholia does not import').toEqual([]);
  });

  it('define on Linux only the types the system lacks, one extension per definition', () => {
    for (const association of associations()) {
      if (association.mimeType === undefined || association.mimeType === null) continue;
      const [extension, ...others] = extensionsOf(association);
      expect(others).toEqual([]);
      expect(association.mimeType).toBe(DECLARED_MIME_TYPES[`.${extension ?? ''}`]);
      expect(MIME_TYPES[`.${extension ?? ''}`]).toContain(association.mimeType);
    }
    const declared = associations().flatMap((a) =>
      a.mimeType === undefined || a.mimeType === null ? [] : [a.mimeType],
    );
    expect(declared.sort()).toEqual(Object.values(DECLARED_MIME_TYPES).sort());
  });

  it('are defined in the deb’s shared-mime-info file, one glob each', async () => {
    const file = await electronBuilderLinux().mimeTypeFiles;
    expect(file).not.toBeNull();
    try {
      const xml = readFileSync(file ?? '', 'utf8');
      const defined = [...xml.matchAll(/<mime-type type="([^"]+)">\s*<glob pattern="\*(\.[^"]+)"\/>/g)].map(
        (match) => [match[2], match[1]],
      );
      expect(Object.fromEntries(defined)).toEqual(DECLARED_MIME_TYPES);
    } finally {
      rmSync(dirname(file ?? ''), { recursive: true, force: true });
    }
  });

  it('name the types shared-mime-info gives the extensions (where its database is installed)', (context) => {
    const database = '/usr/share/mime/packages/freedesktop.org.xml';
    if (!existsSync(database)) {
      context.skip(`${database} is not here (Debian's shared-mime-info)`);
      return;
    }
    const xml = readFileSync(database, 'utf8');
    const typesOf = (extension: string) =>
      [...xml.matchAll(/<mime-type type="([^"]+)">([\s\S]*?)<\/mime-type>/g)]
        .filter((match) => (match[2] ?? '').includes(`<glob pattern="*${extension}"`))
        .map((match) => match[1] ?? '');
    for (const extension of tableExtensions()) {
      if (DECLARED_MIME_TYPES[extension] !== undefined) continue;
      const known = typesOf(extension);
      expect(
        known.some((type) => (MIME_TYPES[extension] ?? []).includes(type)),
        `${extension}: ${known.join(', ')}`,
      ).toBe(true);
    }
  });
});

describe('the scholia:// links', () => {
  it('are registered as a protocol (macOS) and a URL-scheme handler (Linux)', () => {
    expect(config.protocols).toEqual([{ name: 'Scholia link', schemes: [URL_SCHEME], role: 'Viewer' }]);
    expect(desktopMimeTypes()).toContain('x-scheme-handler/scholia');
  });

  it('are the scheme the app registers', () => {
    const main = readFileSync(join(ROOT, 'src', 'main', 'index.ts'), 'utf8');
    expect(main).toContain(`app.setAsDefaultProtocolClient('${URL_SCHEME}')`);
  });
});

describe('icons', () => {
  it('are rendered at every size from the SVG master', () => {
    expect(readFileSync(join(RESOURCES, 'icon.svg'), 'utf8')).toContain('<svg');
    for (const size of ICON_SIZES) {
      expect(pngSize(join(RESOURCES, 'icons', `${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
    expect(pngSize(join(RESOURCES, 'icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('are there for every platform the configuration names', () => {
    expect(config.linux?.icon).toBe('icons');
    const icns = readFileSync(join(RESOURCES, String(config.mac?.icon)));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    // The 1024 px image (ic10) for Retina displays.
    expect(icns.includes(Buffer.from('ic10'))).toBe(true);
    const ico = readFileSync(join(RESOURCES, String(config.win?.icon)));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    // Each directory entry's width byte, 0 meaning 256.
    const widths = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(widths).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });
});

describe('the .desktop entry', () => {
  const text = readFileSync(DESKTOP_FILE, 'utf8');
  const entry = desktopEntry(text);

  it('opens files and links with Scholia', () => {
    expect(entry.get('Exec')).toBe(`${EXECUTABLE_NAME} %U`);
    expect(entry.get('Icon')).toBe(EXECUTABLE_NAME);
    expect(entry.get('StartupWMClass')).toBe(EXECUTABLE_NAME);
    expect(entry.get('Categories')).toBe('Education;Office;');
    expect(entry.get('MimeType')?.split(';').filter(Boolean).sort()).toEqual([...desktopMimeTypes()].sort());
    for (const [key, value] of Object.entries(DESKTOP_ENTRY)) expect(entry.get(key), key).toBe(value);
  });

  it('is the one electron-builder writes into the deb (but for the path of Exec)', async () => {
    const built = desktopEntry(await electronBuilderDesktopEntry());
    expect(built.get('Exec')).toBe(`/opt/${PRODUCT_NAME}/${EXECUTABLE_NAME} %U`);
    built.set('Exec', `${EXECUTABLE_NAME} %U`);
    expect(Object.fromEntries(entry)).toEqual(Object.fromEntries(built));
  });

  it('passes desktop-file-validate, as do the deb’s', async (context) => {
    const checked = desktopFileValidate(DESKTOP_FILE);
    if (checked === null) {
      context.skip('desktop-file-validate is not installed (Debian: apt-get install desktop-file-utils)');
      return;
    }
    expect(checked.output).not.toMatch(/error:/);
    expect(checked.status, checked.output).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'scholia-desktop-'));
    try {
      const built = join(dir, `${EXECUTABLE_NAME}.desktop`);
      writeFileSync(built, await electronBuilderDesktopEntry());
      const builtChecked = desktopFileValidate(built);
      expect(builtChecked?.output).not.toMatch(/error:/);
      expect(builtChecked?.status, builtChecked?.output).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
