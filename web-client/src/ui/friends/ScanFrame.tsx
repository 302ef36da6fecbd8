import type { ComponentChildren } from 'preact';
import { AlertIcon } from '../common/icons';

/** The square viewfinder with corner marks and a moving scan line while the camera runs. */
export function ScanFrame({ active, children }: { active: boolean; children: ComponentChildren }) {
  return (
    <div class={`scan-frame${active ? ' is-active' : ''}`}>
      {children}
      <span class="scan-corners" aria-hidden="true" />
      {active && <span class="scan-line" aria-hidden="true" />}
    </div>
  );
}

export function CameraProblem({ text }: { text: string }) {
  return (
    <p class="scan-overlay scan-problem" role="alert">
      <AlertIcon size={20} />
      <span>{text}</span>
    </p>
  );
}
