import type { ChatApp } from '../app/model';

const THROTTLE_MS = 5_000;

/** Tells the app about user activity (pointer and keys) so that its idle lock only fires for an idle user. */
export function trackActivity(app: ChatApp, target: Window = window): () => void {
  let last = 0;
  const onActivity = () => {
    const now = Date.now();
    if (now - last < THROTTLE_MS) return;
    last = now;
    app.touch();
  };
  target.addEventListener('pointerdown', onActivity, { passive: true, capture: true });
  target.addEventListener('keydown', onActivity, { passive: true, capture: true });
  return () => {
    target.removeEventListener('pointerdown', onActivity, { capture: true });
    target.removeEventListener('keydown', onActivity, { capture: true });
  };
}
