import type { MessageContent } from '../../app/model';
import { t } from '../../i18n';
import { ImageMessage } from '../media/ImageMessage';
import { VoiceMessage } from '../media/VoiceMessage';

/**
 * THE seam for message content: every kind of content is rendered here and nowhere else. Text is a text node (never
 * HTML). Media kinds show a placeholder until the media module adds its viewers under src/ui/media/ and switches to
 * them here.
 */
export function MessageContentView({ content }: { content: MessageContent }) {
  switch (content.kind) {
    case 'text':
      return (
        <p class="message-text" data-testid="message-text">
          {content.text}
        </p>
      );
    case 'image':
      return <ImageMessage content={content} />;
    case 'voice':
      return <VoiceMessage content={content} />;
  }
}

/** One line for the chat list. */
export function contentPreview(content: MessageContent): string {
  switch (content.kind) {
    case 'text':
      return content.text.replace(/\s+/g, ' ').trim();
    case 'image':
      return t('content.image');
    case 'voice':
      return t('content.voice');
  }
}
