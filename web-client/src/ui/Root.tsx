import { effect } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ChatApp } from '../app/model';
import { applyDocumentLang, t } from '../i18n';
import { trackActivity } from './activity';
import { AuthScreen } from './auth/AuthScreen';
import { startClock } from './clock';
import { cancelConfirm, ConfirmHost } from './common/confirm';
import { closeContextMenu, ContextMenuHost } from './common/menu';
import { clearToast, ToastHost } from './common/toast';
import { AppContext, useApp } from './context';
import { LockScreen } from './lock/LockScreen';
import { MainScreen } from './main/MainScreen';
import { Splash } from './Splash';
import { resetUiState } from './state';

/** The whole UI for one ChatApp: the screen of the current phase, plus the layers above it. */
export function Root({ app }: { app: ChatApp }) {
  useEffect(() => {
    applyDocumentLang();
    startClock();
    const stopTracking = trackActivity(app);
    // drafts, menus and dialogs hold plaintext or act on the account: none of it survives a lock or logout
    const stopReset = effect(() => {
      if (app.phase.value !== 'ready') {
        resetUiState();
        closeContextMenu();
        cancelConfirm();
        clearToast();
      }
    });
    const stopTitle = effect(() => {
      const unread = app.phase.value === 'ready' ? app.conversations.value.reduce((sum, c) => sum + c.unread, 0) : 0;
      document.title = unread ? `(${unread}) ${t('app.name')}` : t('app.name');
    });
    return () => {
      stopTracking();
      stopReset();
      stopTitle();
    };
  }, [app]);

  return (
    <AppContext.Provider value={app}>
      <Screen />
      <ToastHost />
      <ConfirmHost />
      <ContextMenuHost />
    </AppContext.Provider>
  );
}

function Screen() {
  const app = useApp();
  switch (app.phase.value) {
    case 'starting':
      return <Splash />;
    case 'signed-out':
      return <AuthScreen />;
    case 'locked':
      return <LockScreen />;
    case 'ready':
      return <MainScreen />;
  }
}
