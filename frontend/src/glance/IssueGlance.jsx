import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import RefreshIcon from '@atlaskit/icon/core/refresh';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack } from '@atlaskit/primitives';
import { get, post } from '../common/api';
import { boot } from '../common/host';
import { actionName, counted, formatDate, siteName } from '../common/format';
import Loading from '../common/Loading';
import LoadFailed from '../common/LoadFailed';
import StatusLozenge from '../common/StatusLozenge';
import { useLoad } from '../common/useLoad';

// While something of this issue waits to be carried across, the glance looks again this often.
const PENDING_REFRESH_MS = 1500;

// The glance panel is narrow: feedback goes above its button, where a flag would cover what it is about.
function Feedback({ outcome }) {
  if (!outcome) return null;
  return (
    <SectionMessage appearance={outcome.failed ? 'error' : 'success'} title={outcome.title}>
      <p>{outcome.message}</p>
    </SectionMessage>
  );
}

export default function IssueGlance() {
  const issueId = boot.issue.id;
  const { data, error, loading, reload } = useLoad(() => get(`/issues/${issueId}/sync-status`), [issueId]);
  const [syncing, setSyncing] = useState(false);
  const [outcome, setOutcome] = useState(null);
  const waiting = data?.pending > 0;

  useEffect(() => {
    if (!waiting) return undefined;
    const timer = setTimeout(reload, PENDING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [waiting, data, reload]);

  const syncNow = async () => {
    setSyncing(true);
    setOutcome(null);
    try {
      await post(`/issues/${issueId}/sync`);
      setOutcome({ title: 'Sync requested', message: `${data?.issueKey ?? boot.issue.key} is being carried across again.` });
      reload();
    } catch (problem) {
      setOutcome({ failed: true, title: 'Could not sync now', message: problem.message });
    } finally {
      setSyncing(false);
    }
  };

  if (!data && loading) return <Loading label="Loading the sync status" />;
  return (
    <main className="tandem-glance" aria-label="Tandem sync status">
      {/* Jira titles the panel already; the heading is for those who navigate by headings. */}
      <h1 className="tandem-visually-hidden">Tandem sync status</h1>
      <Stack space="space.200">
        {error && <LoadFailed what="the sync status" error={error} onRetry={reload} />}
        {data && (
          <>
            {data.twins.length ? (
              data.twins.map((twin) => <Twin key={`${twin.connectionId}/${twin.issueKey}`} twin={twin} />)
            ) : (
              <NoTwin status={data} />
            )}
            {waiting && <p className="tandem-muted">Sync in progress: {counted(data.pending, 'change')} waiting…</p>}
            <Feedback outcome={outcome} />
            <Inline space="space.100">
              <Button iconBefore={RefreshIcon} onClick={syncNow} isLoading={syncing}
                isDisabled={!data.connections.some((connection) => connection.status === 'active')}>
                Sync now
              </Button>
            </Inline>
          </>
        )}
      </Stack>
    </main>
  );
}

function Twin({ twin }) {
  const last = twin.lastSync;
  return (
    <section aria-label={`Synced with ${twin.issueKey}`}>
      <Stack space="space.100">
        <Heading size="xsmall" as="h2">
          Synced with{' '}
          <a className="tandem-inline-link" href={twin.url} target="_blank" rel="noopener noreferrer">
            {twin.issueKey}
          </a>
        </Heading>
        <dl className="tandem-facts">
          <dt>Site</dt>
          <dd>{siteName(twin.siteUrl)}</dd>
          <dt>Synchronization</dt>
          <dd>
            {twin.connectionName} <StatusLozenge status={twin.connectionStatus} />
          </dd>
          <dt>Last sync</dt>
          <dd>
            {last ? (
              <>
                {formatDate(last.at)}: {actionName(last.action)} <StatusLozenge status={last.outcome} />
              </>
            ) : (
              'not yet'
            )}
          </dd>
        </dl>
        {twin.openError && (
          <SectionMessage appearance="error" title="Sync stopped on an error">
            <p>{twin.openError}</p>
            <p>A project administrator can retry it under Project settings › Tandem › Errors.</p>
          </SectionMessage>
        )}
      </Stack>
    </section>
  );
}

function NoTwin({ status }) {
  if (!status.connections.length) {
    return <p>Project {status.projectKey} is not synchronized by Tandem.</p>;
  }
  return (
    <Stack space="space.100">
      <p>{status.issueKey} is not synced with an issue of another project yet.</p>
      <ul>
        {status.connections.map((connection) => (
          <li key={connection.id}>
            {connection.name} <StatusLozenge status={connection.status} />
          </li>
        ))}
      </ul>
    </Stack>
  );
}
