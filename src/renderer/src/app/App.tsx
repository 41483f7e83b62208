/**
 * The application: the library view or the reader, the notices, the drop target for files, and the
 * one key handler. Talks to the library only through `window.scholia` and `window.scholiaHost`.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TextSpan } from '../../../shared/find';
import type { PassageRef } from '../../../shared/links';
import { displayTitle } from '../../../shared/model';
import { CodebookContext, CodebookPanel } from '../features/codebook';
import { ExportDialog } from '../features/export';
import { CommandPalette, FindPanel, StatisticsView, usePaletteKey } from '../features/find';
import { DropOverlay, ImportContext, useFileDrop } from '../features/import';
import { LibraryContext, LibraryView } from '../features/library';
import { MetadataDialog } from '../features/metadata';
import { markOpenStart, ReaderView } from '../features/reader';
import {
  DevicesContext,
  LibraryHealthDialog,
  openLibraryHealthAction,
  showLibraryNotices,
} from '../features/sync';
import { errorMessage } from '../ui/error-message';
import { ObservableStore } from '../ui/observable-store';
import { useStore } from '../ui/use-store';
import { ShortcutSheet, showShortcutsAction } from './actions/ShortcutSheet';
import { useActions, useGlobalKeydown } from './actions/use-actions';
import { createAppServices, type AppParts } from './app-services';
import { Notices } from './notices/Notices';
import { passageOf } from './open-link';
import { ServicesContext } from './services/use-services';
import { redoAction, runMenuCommand, undoAction } from './undo/undo-redo';

/** Provides the app's services and each feature's data to every view below. */
function Provided({
  parts,
  children,
}: {
  readonly parts: AppParts;
  readonly children: ReactNode;
}): ReactNode {
  return (
    <ServicesContext.Provider value={parts.services}>
      <LibraryContext.Provider value={parts.library}>
        <CodebookContext.Provider value={parts.codebook}>
          <ImportContext.Provider value={parts.imports}>
            <DevicesContext.Provider value={parts.devices}>{children}</DevicesContext.Provider>
          </ImportContext.Provider>
        </CodebookContext.Provider>
      </LibraryContext.Provider>
    </ServicesContext.Provider>
  );
}

/** Which view is shown. */
type Route = { readonly view: 'library'; readonly returnedFrom: string | null } | ReaderRoute;

/** A text open in the reader, at a place when there is one. */
interface ReaderRoute {
  readonly view: 'reader';
  readonly documentId: string;
  readonly target?: TextSpan;
}

/** The root component. */
export default function App(): ReactNode {
  const [parts] = useState(() => createAppServices(window.scholia, window.scholiaHost));
  const { services } = parts;
  const { notices, host, actions } = services;
  const { library } = parts.library;
  const { imports, importFiles, importFolder } = parts.imports;
  const [route, setRoute] = useState<Route>({ view: 'library', returnedFrom: null });
  // The places links were followed from, latest last: Back returns to them before the library.
  const [trail, setTrail] = useState<readonly ReaderRoute[]>([]);
  const { documents } = useStore(library);

  useGlobalKeydown(actions);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [healthOpen] = useState(() => new ObservableStore(false));
  const checkingHealth = useStore(healthOpen);
  const [openHealth] = useState(() => openLibraryHealthAction(healthOpen));
  const codebookOpen = useStore(services.codebookOpen);
  const { find } = services;
  const findRequest = useStore(find.requests);
  const paletteShown = useStore(find.paletteOpen);
  const statisticsShown = useStore(find.statisticsOpen);
  usePaletteKey(find.openPalette);
  const undoStep = useMemo(() => undoAction(services.undo, notices), [services.undo, notices]);
  const redoStep = useMemo(() => redoAction(services.undo, notices), [services.undo, notices]);
  const appActions = useMemo(
    () => [
      importFiles,
      importFolder,
      undoStep,
      redoStep,
      showShortcutsAction(() => setShortcutsOpen(true)),
      services.openCodebook,
      find.openFind,
      find.openStatistics,
      find.openPalette,
      openHealth,
    ],
    [importFiles, importFolder, undoStep, redoStep, services.openCodebook, find, openHealth],
  );
  useActions(actions, appActions);

  useEffect(() => {
    void library.refresh();
    return library.watch();
  }, [library]);
  useEffect(() => imports.watch(), [imports]);
  useEffect(
    () => showLibraryNotices(services.api, notices, () => healthOpen.set(true)),
    [services.api, notices, healthOpen],
  );
  // An import started from the reader (menu, Ctrl+O) is followed in the library, where its report is.
  useEffect(
    () =>
      imports.subscribe(() => {
        if (imports.running)
          setRoute((current) =>
            current.view === 'library' ? current : { view: 'library', returnedFrom: current.documentId },
          );
      }),
    [imports],
  );
  useEffect(
    () => host.onMenuImport((what) => (what === 'folder' ? importFolder : importFiles).perform()),
    [host, importFiles, importFolder],
  );
  useEffect(
    () =>
      host.onMenuCommand((command) =>
        runMenuCommand(command, document.activeElement, {
          undo: undoStep,
          redo: redoStep,
          // The field's own history: the browser's for inputs, ProseMirror's (via `beforeinput`) for editors.
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- a page has no other way to ask for a field's undo.
          fieldStep: (step) => document.execCommand(step),
        }),
      ),
    [host, undoStep, redoStep],
  );
  // A scholia:// link (from a vault note) opens its document at its passage.
  useEffect(
    () =>
      host.onOpenLink((link) => {
        void passageOf(services.api, link).then(
          (target) => {
            markOpenStart();
            setRoute({ view: 'reader', documentId: link.documentId, ...(target === null ? {} : { target }) });
          },
          (thrown: unknown) => notices.show('error', errorMessage(thrown, 'The link could not be opened.')),
        );
      }),
    [host, services.api, notices],
  );

  const onDrop = useCallback(
    (files: File[]) => {
      host
        .sourcesFromDroppedFiles(files)
        .then((sources) => imports.start(sources))
        .catch((thrown: unknown) =>
          notices.show('error', errorMessage(thrown, 'The dropped files could not be imported.')),
        );
    },
    [host, imports, notices],
  );
  const dragging = useFileDrop(onDrop);
  // Files the system asked Scholia to open (the file manager's "Open with") are imported.
  useEffect(() => host.onOpenFiles((sources) => void imports.start(sources)), [host, imports]);

  const open = useCallback((documentId: string) => {
    markOpenStart();
    setTrail([]);
    setRoute({ view: 'reader', documentId });
  }, []);
  const back = useCallback(() => {
    const previous = trail[trail.length - 1];
    if (previous !== undefined) {
      setTrail(trail.slice(0, -1));
      markOpenStart();
      setRoute(previous);
      return;
    }
    setRoute((current) => ({
      view: 'library',
      returnedFrom: current.view === 'reader' ? current.documentId : null,
    }));
  }, [trail]);
  const follow = useCallback(
    (to: PassageRef, from: TextSpan | null) => {
      if (route.view !== 'reader') return;
      const here: ReaderRoute = {
        view: 'reader',
        documentId: route.documentId,
        ...(from === null ? {} : { target: from }),
      };
      passageOf(services.api, { documentId: to.documentId, annotationId: to.annotationId }).then(
        (target) => {
          setTrail((current) => [...current, here]);
          markOpenStart();
          setRoute({ view: 'reader', documentId: to.documentId, ...(target === null ? {} : { target }) });
        },
        (thrown: unknown) =>
          notices.show('error', errorMessage(thrown, 'The linked passage could not be opened.')),
      );
    },
    [route, services.api, notices],
  );
  const lastPlace = trail[trail.length - 1];
  const backTo =
    lastPlace === undefined
      ? null
      : (() => {
          const meta = documents.find((document) => document.id === lastPlace.documentId);
          return meta === undefined ? 'the passage before' : displayTitle(meta);
        })();

  useEffect(() => {
    window.scrollTo(0, 0);
  }, [route.view]);

  return (
    <Provided parts={parts}>
      {route.view === 'library' ? (
        <LibraryView
          onOpen={open}
          returnedFrom={route.returnedFrom}
          ExportDialog={ExportDialog}
          MetadataDialog={MetadataDialog}
        />
      ) : (
        <ReaderView
          key={`${route.documentId}:${route.target?.start ?? ''}:${String(trail.length)}`}
          documentId={route.documentId}
          onBack={back}
          target={route.target ?? null}
          backTo={backTo}
          onFollow={follow}
        />
      )}
      {codebookOpen ? <CodebookPanel onClose={() => services.codebookOpen.set(false)} /> : null}
      {statisticsShown ? (
        <StatisticsView
          onClose={() => find.statisticsOpen.set(false)}
          onShowPassages={(filter) => find.requests.set({ tab: 'passages', filter })}
          onOpen={(documentId, target) => {
            find.statisticsOpen.set(false);
            markOpenStart();
            setRoute({ view: 'reader', documentId, target });
          }}
        />
      ) : null}
      {findRequest !== null ? (
        <FindPanel
          key={JSON.stringify(findRequest)}
          request={findRequest}
          onClose={() => find.requests.set(null)}
          onOpen={(documentId, target) => {
            find.requests.set(null);
            find.statisticsOpen.set(false);
            markOpenStart();
            setRoute({ view: 'reader', documentId, target });
          }}
        />
      ) : null}
      {paletteShown ? (
        <CommandPalette
          onClose={() => find.paletteOpen.set(false)}
          onOpenDocument={open}
          onShowTag={(tagId) => find.requests.set({ tab: 'passages', filter: { tagId } })}
        />
      ) : null}
      <Notices notices={notices} />
      {checkingHealth ? <LibraryHealthDialog onClose={() => healthOpen.set(false)} /> : null}
      {shortcutsOpen ? <ShortcutSheet registry={actions} onClose={() => setShortcutsOpen(false)} /> : null}
      {dragging ? <DropOverlay /> : null}
    </Provided>
  );
}
