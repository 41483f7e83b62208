/**
 * A `<dialog>` that is open while it is drawn: modal over an inert page ({@link useModalDialog}), or a
 * panel beside the page that gives the focus back when it closes ({@link usePanelDialog}). Each returns
 * the props to spread on the `<dialog>` element; Escape asks the owner to close it.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject, type SyntheticEvent } from 'react';

/** Props of a modal `<dialog>`, from {@link useModalDialog}. */
export interface ModalDialogProps {
  readonly ref: RefObject<HTMLDialogElement | null>;
  readonly onCancel: (event: SyntheticEvent<HTMLDialogElement>) => void;
}

/**
 * Shows the dialog modal once it is drawn and closes it when it is removed. Escape calls `onClose`,
 * unless `closable` is false (while a change is being saved); the browser never closes it by itself.
 * When it is removed with the focus inside it, the focus goes back where it was before it opened
 * (the page removes the dialog before closing it, so the browser would leave the focus nowhere); an
 * owner that sent the focus somewhere of its own keeps that.
 */
export function useModalDialog(onClose: () => void, closable = true): ModalDialogProps {
  const ref = useRef<HTMLDialogElement>(null);
  const [before] = useState(focusedElement);

  useEffect(() => {
    const element = ref.current;
    if (element !== null && !element.open) openKeepingFocus(element, 'modal');
    return () => {
      element?.close();
      const now = document.activeElement;
      const lost =
        now === null || now === document.body || !now.isConnected || element?.contains(now) === true;
      if (lost && before?.isConnected === true) before.focus({ preventScroll: true });
    };
  }, [before]);

  return {
    ref,
    onCancel: (event) => {
      event.preventDefault();
      if (closable) onClose();
    },
  };
}

/** Props of a panel `<dialog>`, from {@link usePanelDialog}. */
export interface PanelDialogProps {
  readonly ref: RefObject<HTMLDialogElement | null>;
  readonly onKeyDown: (event: KeyboardEvent<HTMLDialogElement>) => void;
}

/**
 * Shows the dialog, not modal, once it is drawn; when it is removed, closes it and puts the focus back
 * where it was before the dialog opened. Escape not handled inside it calls `onClose`.
 */
export function usePanelDialog(onClose: () => void): PanelDialogProps {
  const ref = useRef<HTMLDialogElement>(null);
  // Where the focus was before the dialog's field took it (at the first render, before autofocus).
  const [before] = useState(focusedElement);

  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    if (!element.open) openKeepingFocus(element, 'panel');
    return () => {
      element.close();
      before?.focus({ preventScroll: true });
    };
  }, [before]);

  return {
    ref,
    onKeyDown: (event) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        onClose();
      }
    },
  };
}

/**
 * Opens `element` as a modal or a panel. Opening a dialog moves the focus to its first focusable
 * element; the field React's `autoFocus` focused a moment before (a search box, a title) keeps it.
 */
function openKeepingFocus(element: HTMLDialogElement, as: 'modal' | 'panel'): void {
  const focused = document.activeElement;
  if (as === 'modal') element.showModal();
  else element.show();
  if (focused instanceof HTMLElement && focused !== element && element.contains(focused)) {
    focused.focus({ preventScroll: true });
  }
}

/** The element that has the focus (at a dialog's first render, before its field's autofocus), or null. */
function focusedElement(): HTMLElement | SVGElement | null {
  const active = document.activeElement;
  return active instanceof HTMLElement || active instanceof SVGElement ? active : null;
}
