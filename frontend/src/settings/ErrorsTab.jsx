import { useEffect, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack } from '@atlaskit/primitives';
import caption from '../common/caption';
import { get, post } from '../common/api';
import { useFeedback } from '../common/flags';
import { formatDate } from '../common/format';
import LoadFailed from '../common/LoadFailed';
import { useLoad } from '../common/useLoad';
import { describeDirection } from './sides';

// Failed items refresh themselves this often while the list is open: new failures show up without a click.
const REFRESH_MS = 5000;

const HEAD = {
  cells: [
    { key: 'issue', content: 'Issue', width: 9 },
    { key: 'direction', content: 'Direction', width: 10 },
    { key: 'attempted', content: 'What Tandem attempted', width: 16 },
    { key: 'message', content: "Jira's answer", width: 29 },
    { key: 'failed', content: 'Failed at', width: 12 },
    { key: 'waiting', content: 'Waiting behind it', width: 9 },
    { key: 'actions', content: 'Actions', width: 15 },
  ],
};

export default function ErrorsTab({ connection, onChanged }) {
  const { data, error, loading, reload } = useLoad(() => get(`/connections/${connection.id}/errors`), [connection.id]);
  const { failed, succeeded } = useFeedback();
  const [busy, setBusy] = useState(null);
  const [problem, setProblem] = useState(null);
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  // The connection's counters (open errors, issues under sync) move with the list: refresh them when it changes.
  const total = data?.total;
  const shownTotal = useRef(total);
  useEffect(() => {
    if (total !== undefined && shownTotal.current !== undefined && total !== shownTotal.current) onChanged();
    shownTotal.current = total;
  }, [total, onChanged]);

  const act = async (item, action) => {
    const label = item.issue.key ?? `event ${item.eventId}`;
    setBusy(`${item.eventId}/${action}`);
    setProblem(null);
    try {
      await post(`/connections/${connection.id}/errors/${item.eventId}/${action}`);
      succeeded(action === 'retry' ? `Retrying ${label}` : `Skipped ${label}`);
      reload();
      onChanged();
    } catch (error) {
      setProblem({ title: `Could not ${action} ${label}`, message: error.message });
      failed(`Could not ${action} ${label}`, error);
    } finally {
      setBusy(null);
    }
  };

  const rows = (data?.errors ?? []).map((item) => {
    const label = item.issue.key ?? `event ${item.eventId}`;
    return {
      key: String(item.eventId),
      cells: [
        { key: 'issue', content: label },
        { key: 'direction', content: describeDirection(connection, item.direction) },
        { key: 'attempted', content: item.attempted ?? '—' },
        { key: 'message', content: item.message ?? '—' },
        { key: 'failed', content: formatDate(item.failedAt) },
        { key: 'waiting', content: item.waiting },
        { key: 'actions', content: item.status === 'retrying' ? (
          <Lozenge appearance="inprogress">{`Retrying by itself (attempt ${item.attempts})`}</Lozenge>
        ) : (
          <Inline space="space.050">
            <Button onClick={() => act(item, 'retry')} isLoading={busy === `${item.eventId}/retry`}
              aria-label={`Retry ${label}`}>Retry</Button>
            <Button appearance="subtle" onClick={() => act(item, 'skip')} isLoading={busy === `${item.eventId}/skip`}
              aria-label={`Skip ${label}`}>Skip</Button>
          </Inline>
        ) },
      ],
    };
  });

  return (
    <Stack space="space.200">
      <Inline spread="space-between" alignBlock="center">
        <span className="tandem-muted">
          Items that failed for good wait here for Retry or Skip; later changes of the same issue wait behind them on
          this connection only.
          Items Tandem is retrying by itself (Jira away, busy or rate limiting) show here too until they go through.
          {data && data.total > data.errors.length ? ` Showing the newest ${data.errors.length} of ${data.total}.` : ''}
        </span>
        <Button onClick={reload} isLoading={loading && !!data}>Refresh</Button>
      </Inline>
      {error && <LoadFailed what="the errors" error={error} onRetry={reload} />}
      {problem && (
        <SectionMessage appearance="error" title={problem.title}>
          <p>{problem.message}</p>
        </SectionMessage>
      )}
      <DynamicTable caption={caption('Failed items')} head={HEAD} rows={rows} isLoading={loading && !data}
        emptyView={<EmptyState header="No errors" description="Everything this synchronization tried went through." />} />
    </Stack>
  );
}
