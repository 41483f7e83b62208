/**
 * The passages of an open document's text that two computers edited differently: asked for when the
 * document opens (the reader opens it afresh after every new revision) and again whenever core says
 * the library's documents changed, as when another computer's edit arrives.
 */
import { useEffect, useState } from 'react';
import type { ScholiaApi } from '../../../../shared/api';
import type { TextConflicts } from '../../../../shared/sync';
import { refreshOnChange } from '../../ui/refresh-on-change';

/** The conflicts of `documentId`'s text, or `null` until known (and when they cannot be asked for). */
export function useTextConflicts(
  api: Pick<ScholiaApi, 'getTextConflicts' | 'on'>,
  documentId: string,
): TextConflicts | null {
  const [conflicts, setConflicts] = useState<TextConflicts | null>(null);

  useEffect(() => {
    let current = true;
    let asked = 0;
    const ask = (): void => {
      const turn = ++asked;
      api.getTextConflicts({ documentId }).then(
        (found) => {
          if (current && turn === asked) setConflicts(found);
        },
        // The text is still readable; the banner simply does not show.
        () => undefined,
      );
    };
    ask();
    const stop = refreshOnChange(api, ['documents'], ask);
    return () => {
      current = false;
      stop();
    };
  }, [api, documentId]);

  return conflicts;
}
