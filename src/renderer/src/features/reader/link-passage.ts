/** The reader's key for links: L links the passage being worked on to another. */
import type { Action } from '../../app/actions/action';
import { targetAnnotationId, type CloseReadingContext } from './close-reading';

/** The `link-passage` action (key L): opens the link dialog for the open card's or selected highlight's passage. */
export function linkPassageAction(
  context: CloseReadingContext,
  open: (annotationId: string) => void,
): Action {
  return {
    name: 'link-passage',
    label: 'Link to another passage',
    shortcuts: [{ key: 'l' }],
    isEnabled: () => targetAnnotationId(context) !== null,
    perform() {
      const id = targetAnnotationId(context);
      if (id !== null) open(id);
    },
  };
}
