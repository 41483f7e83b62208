/**
 * The application: the library view or the reader, the notices, the drop target for files, and the
 * one key handler. Talks to the library only through `window.scholia` and `window.scholiaHost`.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DropOverlay } from './components/DropOverlay';
import { LibraryView } from './components/LibraryView';
import { Notices } from './components/Notices';
import { ReaderView } from './components/ReaderView';
import { useActions, useGlobalKeydown } from './hooks/use-actions';
import { useFileDrop } from './hooks/use-file-drop';
import { markOpenStart } from './hooks/use-painted-mark';
import { ServicesContext } from './hooks/use-services';
import { createAppServices } from './state/app-services';
import { errorMessage } from './state/error-message';

/** Which view is shown. */
type Route =
  | { readonly view: 'library'; readonly returnedFrom: string | null }
  | { readonly view: 'reader'; readonly documentId: string };

/** The root component. */
export default function App(): ReactNode {
  const [services] = useState(() => createAppServices(window.scholia, window.scholiaHost));
  const { library, imports, notices, host, actions, importFiles } = services;
  const [route, setRoute] = useState<Route>({ view: 'library', returnedFrom: null });

  useGlobalKeydown(actions);
  const appActions = useMemo(() => [importFiles], [importFiles]);
  useActions(actions, appActions);

  useEffect(() => {
    void library.refresh();
    return library.watch();
  }, [library]);
  useEffect(() => imports.watch(), [imports]);
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
  useEffect(() => host.onMenuImport(() => importFiles.perform()), [host, importFiles]);

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

  const open = useCallback((documentId: string) => {
    markOpenStart();
    setRoute({ view: 'reader', documentId });
  }, []);
  const back = useCallback(() => {
    setRoute((current) => ({
      view: 'library',
      returnedFrom: current.view === 'reader' ? current.documentId : null,
    }));
  }, []);

  useEffect(() => {
    window.scrollTo(0, 0);
  }, [route.view]);

  return (
    <ServicesContext.Provider value={services}>
      {route.view === 'library' ? (
        <LibraryView onOpen={open} returnedFrom={route.returnedFrom} />
      ) : (
        <ReaderView key={route.documentId} documentId={route.documentId} onBack={back} />
      )}
      <Notices />
      {dragging ? <DropOverlay /> : null}
    </ServicesContext.Provider>
  );
}
