/**
 * The desktop packages (`npm run dist`): electron-builder's configuration, for an AppImage and a deb on
 * Linux, a dmg on macOS and an NSIS installer on Windows.
 *
 * The file associations are the import table's (`src/shared/import-formats.ts`): every extension Scholia
 * imports, named as the open dialog names it, so a format added to the table is associated in the next
 * package. What the table does not know is an extension's MIME type on Linux: `MIME_TYPES` below, which
 * `scripts/packaging.test.ts` checks has every extension of the table.
 *
 * electron-builder reads this file with jiti (`--config scripts/electron-builder.config.ts`); it lives
 * in scripts/ so that the type check and the linter cover it.
 */
import type { Configuration, FileAssociation, LinuxConfiguration } from 'electron-builder';
import {
  ANNOTATION_FILE_INFO,
  IMPORT_FORMAT_INFO,
  QDA_FILE_INFO,
  SOURCE_FORMATS,
  type SourceFormat,
} from '../src/shared/import-formats';

export const APP_ID = 'org.scholia.app';
export const PRODUCT_NAME = 'Scholia';
/** The executable, the installed `.desktop` file's name, and Electron's app id / WM_CLASS on Linux. */
export const EXECUTABLE_NAME = 'scholia';
/** The URL scheme of `scholia://open?…` links, which `src/main/index.ts` registers and follows. */
export const URL_SCHEME = 'scholia';
/**
 * The project's address and the packages' maintainer, which a deb must name (package.json has no
 * `homepage` or `author`). PLACEHOLDERS until the project has its own: replace both before publishing.
 */
export const HOMEPAGE = 'https://scholia.org';
export const MAINTAINER = 'Scholia contributors <maintainers@scholia.org>';
/** The icon sizes rendered from `resources/icon.svg` into `resources/icons/<size>x<size>.png`. */
export const ICON_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024] as const;

/**
 * The MIME types a Linux desktop gives a file by its extension (shared-mime-info's names, first), which
 * the `.desktop` entry lists so that Scholia is offered for those files. Types shared-mime-info does not
 * know are in `DECLARED_MIME_TYPES` too: the deb installs a definition for them.
 */
export const MIME_TYPES: Readonly<Record<string, readonly string[]>> = {
  '.txt': ['text/plain'],
  '.md': ['text/markdown', 'text/x-markdown'],
  '.markdown': ['text/markdown', 'text/x-markdown'],
  '.html': ['text/html'],
  '.htm': ['text/html'],
  '.xhtml': ['application/xhtml+xml'],
  '.epub': ['application/epub+zip'],
  '.pdf': ['application/pdf'],
  '.docx': ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  '.json': ['application/json', 'application/vnd.citationstyles.csl+json'],
  '.yaml': ['application/x-yaml', 'application/yaml'],
  '.yml': ['application/x-yaml', 'application/yaml'],
  '.bib': ['text/x-bibtex', 'application/x-bibtex'],
  '.ris': ['application/x-research-info-systems'],
  '.jsonld': ['application/ld+json'],
  '.csv': ['text/csv'],
  '.qdpx': ['application/x-refi-qda-project'],
  '.qdc': ['application/x-refi-qda-codebook'],
};

/**
 * The types the deb defines (glob and icon, in /usr/share/mime/packages): only those shared-mime-info
 * lacks. electron-builder writes a definition for every association with a `mimeType`, which for a type
 * the system already has (text/plain, application/pdf) would replace its icon everywhere; those are
 * listed in the `.desktop` entry only (`linux.mimeTypes`).
 */
export const DECLARED_MIME_TYPES: Readonly<Record<string, string>> = {
  '.ris': 'application/x-research-info-systems',
  '.qdpx': 'application/x-refi-qda-project',
  '.qdc': 'application/x-refi-qda-codebook',
};

/** A kind of file Scholia opens: its name for the reader and its extensions (with their dot). */
interface AssociatedKind {
  readonly name: string;
  readonly extensions: readonly string[];
  /** macOS: Scholia is the usual app for it (REFI-QDA files), or one among others (a PDF, a text). */
  readonly rank: 'Default' | 'Alternate';
}

/** Every kind of file the import table lists, each extension once (the first kind naming it keeps it). */
export function associatedKinds(): AssociatedKind[] {
  const seen = new Set<string>();
  const fresh = (extensions: readonly string[]) =>
    extensions.filter((extension) => {
      if (seen.has(extension)) return false;
      seen.add(extension);
      return true;
    });
  const formats = SOURCE_FORMATS.map((format: SourceFormat) => ({
    name: IMPORT_FORMAT_INFO[format].label,
    extensions: fresh(IMPORT_FORMAT_INFO[format].extensions),
    rank: 'Alternate' as const,
  }));
  const annotations = {
    name: ANNOTATION_FILE_INFO.label,
    extensions: fresh(ANNOTATION_FILE_INFO.extensions),
    rank: 'Alternate' as const,
  };
  const qda = [
    { name: 'REFI-QDA project', extensions: fresh([QDA_FILE_INFO.project]), rank: 'Default' as const },
    { name: 'REFI-QDA codebook', extensions: fresh([QDA_FILE_INFO.codebook]), rank: 'Default' as const },
  ];
  return [...formats, annotations, ...qda].filter((kind) => kind.extensions.length > 0);
}

/** Every extension Scholia imports, with its dot, each once, in the table's order. */
export function associatedExtensions(): string[] {
  return associatedKinds().flatMap((kind) => kind.extensions);
}

/**
 * The file associations: one per kind of file (one per extension where the deb defines its type, as
 * electron-builder writes one glob per association). Scholia imports a file and never writes it back,
 * so its role is Viewer.
 */
export function fileAssociations(): FileAssociation[] {
  return associatedKinds().flatMap((kind): FileAssociation[] => {
    const bare = (extension: string) => extension.slice(1);
    const declared = kind.extensions.filter((extension) => DECLARED_MIME_TYPES[extension] !== undefined);
    const others = kind.extensions.filter((extension) => DECLARED_MIME_TYPES[extension] === undefined);
    // The description is Windows' name for the type, and the comment of a type the deb defines.
    const common = { name: kind.name, description: kind.name, role: 'Viewer', rank: kind.rank } as const;
    return [
      ...(others.length > 0 ? [{ ...common, ext: others.map(bare) }] : []),
      ...declared.map((extension) => ({
        ...common,
        ext: bare(extension),
        mimeType: DECLARED_MIME_TYPES[extension],
      })),
    ];
  });
}

/** The MIME types of every associated extension, each once, then the `scholia://` links' handler. */
export function desktopMimeTypes(): string[] {
  const types = associatedExtensions().flatMap((extension) => MIME_TYPES[extension] ?? []);
  return [...new Set([...types, `x-scheme-handler/${URL_SCHEME}`])];
}

/** The MIME types the `.desktop` entry lists besides the declared ones and the URL scheme. */
function systemMimeTypes(): string[] {
  const declared = new Set(Object.values(DECLARED_MIME_TYPES));
  return desktopMimeTypes().filter((type) => !declared.has(type) && !type.startsWith('x-scheme-handler/'));
}

/** The Linux menu categories (the first is the main one, `Office` the other menu Scholia fits). */
export const LINUX_CATEGORIES = 'Education;Office;';

/**
 * The `[Desktop Entry]` fields electron-builder takes over its own (Name, Exec, Icon, Type, Terminal,
 * Comment from the description, MimeType and Categories it computes from the rest of this file).
 */
export const DESKTOP_ENTRY: Readonly<Record<string, string>> = {
  GenericName: 'Close-reading workbench',
  Keywords: 'reading;annotation;highlight;notes;research;citation;bibliography;qualitative;coding;PDF;EPUB;',
  StartupWMClass: EXECUTABLE_NAME,
  StartupNotify: 'true',
};

const linux: LinuxConfiguration = {
  target: ['AppImage', 'deb'],
  executableName: EXECUTABLE_NAME,
  // Installs resources/icons/<size>x<size>.png as the hicolor theme's `scholia` icon.
  icon: 'icons',
  category: LINUX_CATEGORIES,
  // The desktop file is `scholia.desktop`, the `desktopName` Electron takes its Wayland app id from.
  mimeTypes: systemMimeTypes(),
  desktop: { ...DESKTOP_ENTRY },
  maintainer: MAINTAINER,
  vendor: 'Scholia contributors',
  synopsis: 'Offline close-reading workbench',
};

const config: Configuration = {
  appId: APP_ID,
  productName: PRODUCT_NAME,
  copyright: 'Copyright © Scholia contributors',
  directories: { buildResources: 'resources', output: 'dist' },
  // The built app (electron-vite's out/) and package.json; electron-builder adds the production
  // dependencies the main bundle requires at run time.
  files: ['out/**', 'package.json'],
  // The shipped citation styles, as files beside the archive: core finds `resources/csl` walking up from
  // the bundle (`core/citations/styles.ts`), which reaches the app's resources folder.
  extraResources: [{ from: 'resources/csl', to: 'resources/csl', filter: ['**/*'] }],
  // Electron's Linux app id (Wayland) and WM_CLASS come from desktopName; it matches StartupWMClass.
  // The deb's Homepage field is the package's homepage.
  extraMetadata: { desktopName: `${EXECUTABLE_NAME}.desktop`, homepage: HOMEPAGE },
  // Nothing to rebuild for Electron: the one native dependency (@napi-rs/canvas, optional, for pdf.js) is
  // a prebuilt Node-API module, which every Electron loads as it is (electron-builder unpacks it).
  npmRebuild: false,
  fileAssociations: fileAssociations(),
  protocols: [{ name: 'Scholia link', schemes: [URL_SCHEME], role: 'Viewer' }],
  linux,
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.education',
    icon: 'icon.icns',
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  win: {
    target: ['nsis'],
    icon: 'icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
};

export default config;
