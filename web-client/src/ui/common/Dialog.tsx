import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n';
import { CloseIcon } from './icons';

interface Props {
  title: string;
  onClose(): void;
  children: ComponentChildren;
  size?: 'sm' | 'md';
  testid?: string;
  /** role=alertdialog for confirmations */
  alert?: boolean;
}

let counter = 0;

/**
 * Shows the native <dialog> behind the returned ref as a modal while the component is mounted: the browser traps
 * focus, closes on Escape and restores focus afterwards; every close (Escape, ref.current.close()) calls onClose.
 */
export function useModalDialog(onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current!;
    const closed = () => onCloseRef.current();
    dialog.addEventListener('close', closed);
    if (!dialog.open) dialog.showModal();
    return () => {
      dialog.removeEventListener('close', closed);
      if (dialog.open) dialog.close();
    };
  }, []);
  return ref;
}

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and restores focus afterwards. The parent
 * unmounts it to close; Escape and a click on the backdrop ask the parent through onClose.
 */
export function Dialog({ title, onClose, children, size = 'md', testid, alert }: Props) {
  const ref = useModalDialog(onClose);
  const titleId = useRef(`dialog-title-${++counter}`).current;

  return (
    <dialog
      ref={ref}
      class={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      role={alert ? 'alertdialog' : undefined}
      data-testid={testid}
      onClick={(e) => {
        if (e.target === ref.current) ref.current?.close();
      }}
    >
      <div class="dialog-body">
        <header class="dialog-header">
          <h2 id={titleId} class="dialog-title">
            {title}
          </h2>
          <button type="button" class="icon-button" aria-label={t('common.close')} onClick={() => ref.current?.close()}>
            <CloseIcon size={18} />
          </button>
        </header>
        {children}
      </div>
    </dialog>
  );
}
