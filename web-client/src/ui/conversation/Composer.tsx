import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '../../i18n';
import { SendIcon } from '../common/icons';
import { showToast } from '../common/toast';
import { useApp } from '../context';
import { describeError } from '../errors';
import { ImageComposerButtons, ImageUploadArea, pasteImages } from '../media/ImageComposer';
import { VoiceRecorder } from '../media/VoiceRecorder';
import { drafts } from '../state';

/** Enter sends, Shift+Enter breaks the line; Enter that confirms an IME composition (pinyin) is left alone. */
export function Composer({ peer, blocked }: { peer: string; blocked: MessageKey | null }) {
  const app = useApp();
  const [text, setText] = useState(() => drafts.get(peer) ?? '');
  const input = useRef<HTMLTextAreaElement>(null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!blocked && matchMedia('(pointer: fine)').matches) input.current?.focus();
  }, [blocked]);

  const update = (value: string) => {
    setText(value);
    if (value) drafts.set(peer, value);
    else drafts.delete(peer);
  };

  const send = async () => {
    const body = text.trim();
    if (!body || blocked) return;
    update('');
    try {
      await app.sendText(peer, body);
    } catch (error) {
      // give the words back rather than lose them
      if (!input.current?.value) update(text);
      showToast(describeError(error), 'error');
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    void send();
  };

  return (
    <>
    <ImageUploadArea peer={peer} disabled={!!blocked} anchor={form} />
    <form
      ref={form}
      class={`composer${blocked ? ' is-blocked' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <ImageComposerButtons peer={peer} disabled={!!blocked} />
      <VoiceRecorder peer={peer} disabled={!!blocked} />
      <div class="composer-field">
        <textarea
          ref={input}
          class="composer-input"
          rows={1}
          value={text}
          onInput={(e) => update(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onPaste={(e) => pasteImages(app, peer, e, !!blocked)}
          placeholder={t(blocked ?? 'composer.placeholder')}
          aria-label={t('composer.label')}
          disabled={!!blocked}
          enterkeyhint="send"
          data-testid="composer-input"
        />
        <p class="composer-hint" aria-hidden="true">
          {t('composer.hint')}
        </p>
      </div>
      <button type="submit" class="composer-send" disabled={!!blocked || !text.trim()} aria-label={t('composer.send')} data-testid="composer-send">
        <SendIcon size={20} />
      </button>
    </form>
    </>
  );
}
