import { useEffect, useState } from 'preact/hooks';
import type { UserHit } from '../../app/model';
import { t } from '../../i18n';
import { addFriendByName, addFriendByQr, isMe, openChat, relationshipOf } from '../actions';
import { USERNAME_PATTERN } from '../auth/validate';
import { Avatar } from '../common/Avatar';
import { CloseIcon, ImageIcon, ScanIcon, SearchIcon, UserAddIcon } from '../common/icons';
import { Spinner } from '../common/presence';
import { showToast } from '../common/toast';
import { useApp } from '../context';
import { describeError } from '../errors';
import { decodeQrFile } from './decodeQr';
import { QrScanDialog } from './QrScanDialog';

const SEARCH_DELAY_MS = 300;

interface Search {
  query: string;
  status: 'idle' | 'loading' | 'done' | 'error';
  hits: UserHit[];
}

/** Search by name, request by exact name, scan a code (camera or picture). */
export function AddFriend() {
  const app = useApp();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<Search>({ query: '', status: 'idle', hits: [] });
  const [scanning, setScanning] = useState(false);
  const term = query.trim();

  useEffect(() => {
    if (term.length < 2) {
      setSearch({ query: term, status: 'idle', hits: [] });
      return;
    }
    let current = true;
    setSearch((s) => ({ ...s, status: 'loading' }));
    const timer = setTimeout(() => {
      app.searchUsers(term).then(
        (hits) => current && setSearch({ query: term, status: 'done', hits }),
        () => current && setSearch({ query: term, status: 'error', hits: [] }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [term]);

  const fromImage = async (file: File) => {
    setScanning(false);
    try {
      const text = await decodeQrFile(file);
      if (text) await addFriendByQr(app, text);
      else showToast(t('qr.notFound'), 'error');
    } catch {
      showToast(t('qr.notFound'), 'error');
    }
  };

  const exact = search.hits.some((h) => h.username.toLowerCase() === term.toLowerCase());
  const canRequestDirectly = USERNAME_PATTERN.test(term) && !isMe(app, term);

  return (
    <section class="add-friend" aria-labelledby="add-friend-title">
      <h3 id="add-friend-title" class="visually-hidden">
        {t('add.title')}
      </h3>
      <div class="search-box">
        <SearchIcon size={18} />
        <input
          class="search-input"
          type="search"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          placeholder={t('add.placeholder')}
          aria-label={t('add.placeholder')}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          maxLength={64}
          data-testid="add-friend-input"
        />
        {search.status === 'loading' && <Spinner label={t('add.searching')} />}
        {query && (
          <button type="button" class="icon-button search-clear" aria-label={t('add.clear')} onClick={() => setQuery('')}>
            <CloseIcon size={16} />
          </button>
        )}
      </div>
      <div class="add-actions">
        <button type="button" class="chip" onClick={() => setScanning(true)}>
          <ScanIcon size={16} />
          <span>{t('add.scan')}</span>
        </button>
        <label class="chip">
          <input
            type="file"
            accept="image/*"
            class="visually-hidden"
            data-testid="scan-qr-upload"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void fromImage(file);
            }}
          />
          <ImageIcon size={16} />
          <span>{t('add.upload')}</span>
        </label>
      </div>

      {term.length > 0 && (
        <div class="search-results" aria-live="polite">
          {term.length < 2 && <p class="search-note">{t('add.minChars')}</p>}
          {search.status === 'error' && <p class="search-note search-note-error">{t('add.searchFailed')}</p>}
          {search.status === 'done' && search.hits.length === 0 && <p class="search-note">{t('add.noResults')}</p>}
          {search.hits.length > 0 && (
            <ul class="results" aria-label={t('add.results')}>
              {search.hits.map((hit) => (
                <SearchResult key={hit.username} hit={hit} />
              ))}
            </ul>
          )}
          {canRequestDirectly && !exact && (
            <button type="button" class="direct-request" data-testid="add-friend-direct" onClick={() => void addFriendByName(app, term)}>
              <UserAddIcon size={18} />
              <span class="truncate">{t('add.direct', { username: term })}</span>
            </button>
          )}
        </div>
      )}

      {scanning && (
        <QrScanDialog
          onClose={() => setScanning(false)}
          onUpload={(file) => void fromImage(file)}
          onResult={(text) => {
            setScanning(false);
            void addFriendByQr(app, text);
          }}
        />
      )}
    </section>
  );
}

function SearchResult({ hit }: { hit: UserHit }) {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const [requested, setRequested] = useState(false);
  const self = isMe(app, hit.username);
  const live = relationshipOf(app, hit.username, hit.relationship);
  // until the requests list catches up with the request just sent
  const relationship = requested && live === 'none' ? 'requested' : live;

  const act = async () => {
    setBusy(true);
    try {
      if (relationship === 'friend') await openChat(app, hit.username);
      else if (relationship === 'incoming') {
        const request = app.requests.value.incoming.find((r) => r.username.toLowerCase() === hit.username.toLowerCase());
        if (request) await app.acceptRequest(request.id);
        showToast(t('add.accepted', { username: hit.username }), 'success');
      } else if (relationship === 'none') {
        await app.requestFriend(hit.username);
        setRequested(true);
        showToast(t('add.sent', { username: hit.username }), 'success');
      }
    } catch (error) {
      showToast(describeError(error), 'error');
    } finally {
      setBusy(false);
    }
  };

  const label = self ? t('rel.self') : t(`rel.${relationship}`);
  const primary = relationship === 'none' || relationship === 'incoming';
  return (
    <li class="result" data-testid="search-result" data-username={hit.username}>
      <Avatar name={hit.username} size="sm" />
      <span class="result-name truncate">{hit.username}</span>
      <button
        type="button"
        class={`button button-small${primary && !self ? ' button-primary' : ''}`}
        disabled={busy || self || relationship === 'requested'}
        onClick={() => void act()}
        data-testid="search-request"
        data-relationship={self ? 'self' : relationship}
      >
        {busy && <Spinner />}
        <span>{label}</span>
      </button>
    </li>
  );
}
