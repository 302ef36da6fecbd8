import { t } from '../../i18n';
import { ChatList } from '../chats/ChatList';
import { ConversationPane } from '../conversation/ConversationPane';
import { SafetyDialog } from '../conversation/SafetyDialog';
import { useApp } from '../context';
import { FriendsPane } from '../friends/FriendsPane';
import { CallOverlay } from '../media/CallOverlay';
import { ProfilePane } from '../profile/ProfilePane';
import { RequestsPane } from '../requests/RequestsPane';
import { safetyPeer, view } from '../state';
import { ConnectionBanner } from './ConnectionBanner';
import { Rail } from './Rail';

const PANES = { chats: ChatList, friends: FriendsPane, requests: RequestsPane, profile: ProfilePane };
const TITLES = { chats: 'chats.title', friends: 'friends.title', requests: 'requests.title', profile: 'profile.title' } as const;

/** Rail, list and conversation side by side; on a narrow screen the conversation covers the list while open. */
export function MainScreen() {
  const app = useApp();
  const peer = app.activePeer.value;
  const List = PANES[view.value];
  const safety = safetyPeer.value;
  return (
    <div class={`main${peer ? ' has-conversation' : ''}`}>
      <Rail />
      <ConnectionBanner />
      <section class="list-pane" aria-label={t(TITLES[view.value])}>
        <List />
      </section>
      <ConversationPane />
      {safety && <SafetyDialog peer={safety} onClose={() => (safetyPeer.value = null)} />}
      <CallOverlay />
    </div>
  );
}
