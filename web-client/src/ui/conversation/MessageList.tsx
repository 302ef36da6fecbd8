import type { VNode } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../../app/model';
import { t } from '../../i18n';
import { ChevronDownIcon, LockIcon, RetryIcon } from '../common/icons';
import { showToast } from '../common/toast';
import { now } from '../clock';
import { useApp } from '../context';
import { describeError } from '../errors';
import { dayKey, formatClock, formatDay } from '../format';
import { MessageContentView } from './MessageContentView';
import { MessageStatusIcon } from './MessageStatusIcon';

/** Messages closer than this (same sender) are drawn as one group. */
const GROUP_GAP_MS = 5 * 60 * 1000;
/** How close to the end counts as "reading the newest": new messages then scroll into view. */
const STICKY_PX = 64;

export function MessageList({ peer, messages }: { peer: string; messages: ChatMessage[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const [unseen, setUnseen] = useState(0);
  const last = messages[messages.length - 1];

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !last) return;
    if (atBottom.current || last.outgoing) {
      el.scrollTop = el.scrollHeight;
      atBottom.current = true;
      setUnseen(0);
    } else {
      setUnseen((n) => n + 1);
    }
  }, [last?.id]);

  // the pane or its content changed size (composer grew, window resized, an image loaded): stay at the end
  useEffect(() => {
    const el = scroller.current!;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    observer.observe(list.current!);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current!;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_PX;
    if (atBottom.current && unseen) setUnseen(0);
  };

  const jumpToEnd = () => {
    const el = scroller.current!;
    el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
    setUnseen(0);
  };

  const rows: VNode[] = [];
  let previous: ChatMessage | undefined;
  for (const message of messages) {
    const newDay = !previous || dayKey(previous.at) !== dayKey(message.at);
    if (newDay) {
      rows.push(
        <li key={`day-${dayKey(message.at)}`} class="day-separator" role="separator">
          <span>{formatDay(message.at, now.value)}</span>
        </li>,
      );
    }
    const grouped = !newDay && previous!.outgoing === message.outgoing && message.at - previous!.at < GROUP_GAP_MS;
    rows.push(<MessageItem key={message.id} peer={peer} message={message} grouped={grouped} />);
    previous = message;
  }

  return (
    <div class="messages-wrap">
      <div ref={scroller} class="messages" onScroll={onScroll} tabIndex={0} aria-label={t('conv.messages', { peer })}>
        <p class="conv-start">
          <LockIcon size={14} />
          <span>{t('conv.start', { peer })}</span>
        </p>
        <ol ref={list} class="message-list">{rows}</ol>
      </div>
      {unseen > 0 && (
        <button type="button" class="new-messages" onClick={jumpToEnd}>
          <ChevronDownIcon size={16} />
          <span>{t('conv.newMessages')}</span>
        </button>
      )}
    </div>
  );
}

function MessageItem({ peer, message, grouped }: { peer: string; message: ChatMessage; grouped: boolean }) {
  const app = useApp();
  const [retrying, setRetrying] = useState(false);
  const direction = message.outgoing ? 'out' : 'in';
  const retry = async () => {
    setRetrying(true);
    try {
      await app.retry(peer, message.id);
    } catch (error) {
      showToast(describeError(error), 'error');
    } finally {
      setRetrying(false);
    }
  };
  return (
    <li
      class={`message message-${direction}${grouped ? ' is-grouped' : ''}${message.status === 'failed' ? ' is-failed' : ''}`}
      data-testid="message"
      data-id={message.id}
      data-direction={direction}
      data-status={message.status}
    >
      <div class={`bubble bubble-${message.content.kind}`}>
        <MessageContentView content={message.content} />
        <span class="message-meta">
          <time dateTime={new Date(message.at).toISOString()}>{formatClock(message.at)}</time>
          {message.outgoing && <MessageStatusIcon status={message.status} />}
        </span>
      </div>
      {message.status === 'failed' && (
        <button type="button" class="retry-button" disabled={retrying} onClick={() => void retry()}>
          <RetryIcon size={14} />
          <span>{t('message.retry')}</span>
        </button>
      )}
    </li>
  );
}
