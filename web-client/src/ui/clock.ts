import { signal } from '@preact/signals';

/** The current minute; components showing relative times ("5 minutes ago") read it to stay current. */
export const now = signal(Date.now());

let timer: ReturnType<typeof setInterval> | undefined;
export function startClock(): void {
  timer ??= setInterval(() => {
    now.value = Date.now();
  }, 30_000);
}
