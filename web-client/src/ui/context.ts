import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ChatApp } from '../app/model';

export const AppContext = createContext<ChatApp | null>(null);

/** The ChatApp the UI renders and calls; provided once by Root. */
export function useApp(): ChatApp {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside <Root>');
  return app;
}
