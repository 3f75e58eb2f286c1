import { useState } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { Inline, Stack } from '@atlaskit/primitives';
import caption from '../common/caption';
import { get } from '../common/api';
import { LabeledText } from '../common/fields';
import { useFeedback } from '../common/flags';
import { actionName, formatDate } from '../common/format';
import LoadFailed from '../common/LoadFailed';
import StatusLozenge from '../common/StatusLozenge';
import { useLoad } from '../common/useLoad';
import { describeDirection } from './sides';

const HEAD = {
  cells: [
    { key: 'at', content: 'When' },
    { key: 'direction', content: 'Direction' },
    { key: 'issues', content: 'Issues' },
    { key: 'action', content: 'What' },
    { key: 'detail', content: 'Detail' },
    { key: 'outcome', content: 'Outcome' },
  ],
};

// What was synced, newest first, for the whole connection or one issue; older pages on demand.
export default function HistoryTab({ connection }) {
  const { failed } = useFeedback();
  const [filter, setFilter] = useState('');
  const [issue, setIssue] = useState('');
  const [older, setOlder] = useState({ entries: [], nextBefore: undefined });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const path = (before) =>
    `/connections/${connection.id}/history?limit=50${issue ? `&issue=${encodeURIComponent(issue)}` : ''}` +
    (before ? `&before=${before}` : '');
  // Loading (or refreshing) starts again from the newest page: older pages loaded before would overlap it.
  const first = useLoad(async () => {
    setOlder({ entries: [], nextBefore: undefined });
    return get(path());
  }, [connection.id, issue]);

  const nextBefore = older.nextBefore === undefined ? first.data?.nextBefore : older.nextBefore;
  const entries = [...(first.data?.history ?? []), ...older.entries];

  const loadOlder = async () => {
    setLoadingOlder(true);
    try {
      const page = await get(path(nextBefore));
      setOlder({ entries: [...older.entries, ...page.history], nextBefore: page.nextBefore });
    } catch (error) {
      failed('Could not load older history', error);
    } finally {
      setLoadingOlder(false);
    }
  };

  const rows = entries.map((entry) => ({
    key: String(entry.id),
    cells: [
      { key: 'at', content: formatDate(entry.at) },
      { key: 'direction', content: describeDirection(connection, entry.direction) },
      { key: 'issues', content: [entry.sourceIssueKey, entry.targetIssueKey].filter(Boolean).join(' → ') || '—' },
      { key: 'action', content: actionName(entry.action) },
      { key: 'detail', content: entry.detail ?? '' },
      { key: 'outcome', content: <StatusLozenge status={entry.outcome} /> },
    ],
  }));

  return (
    <Stack space="space.200">
      <form onSubmit={(event) => { event.preventDefault(); setIssue(filter.trim().toUpperCase()); }}>
        <Inline space="space.100" alignBlock="end">
          <LabeledText label="Issue key" value={filter} onChange={setFilter} placeholder="e.g. SUP-12" />
          <Button type="submit">Filter</Button>
          {issue && <Button appearance="subtle" onClick={() => { setFilter(''); setIssue(''); }}>Show all</Button>}
        </Inline>
      </form>
      {first.error && <LoadFailed what="the history" error={first.error} onRetry={first.reload} />}
      <DynamicTable caption={caption(issue ? `History of ${issue}` : 'History')} head={HEAD} rows={rows}
        isLoading={first.loading && !first.data} emptyView={<p className="tandem-muted">Nothing synced yet.</p>} />
      <Inline space="space.100">
        <Button onClick={first.reload}>Refresh</Button>
        {nextBefore && <Button onClick={loadOlder} isLoading={loadingOlder}>Load older</Button>}
      </Inline>
    </Stack>
  );
}
