import { useState } from 'react';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack } from '@atlaskit/primitives';
import caption from '../common/caption';
import { get } from '../common/api';
import { formatDate, scenarioName } from '../common/format';
import LoadFailed from '../common/LoadFailed';
import StatusLozenge from '../common/StatusLozenge';
import { useLoad } from '../common/useLoad';
import AcceptInvitationModal from './AcceptInvitationModal';
import NewConnectionModal from './NewConnectionModal';
import PendingRequests from './PendingRequests';
import { describeSide, otherSide, waitsForMe } from './sides';

const HEAD = {
  cells: [
    { key: 'name', content: 'Name' },
    { key: 'other', content: 'Other side' },
    { key: 'scenario', content: 'Scenario' },
    { key: 'status', content: 'Status' },
    { key: 'issues', content: 'Issues under sync' },
    { key: 'last', content: 'Last sync' },
    { key: 'errors', content: 'Open errors' },
  ],
};

export default function ConnectionList({ projectKey, onOpen }) {
  const { data, error, loading, reload } = useLoad(() => get('/connections'), []);
  const [dialog, setDialog] = useState(null); // 'new' | 'accept' | null
  const connections = data?.connections ?? [];
  const pending = connections.filter(waitsForMe);
  const listed = connections.filter((connection) => !waitsForMe(connection));

  const closeDialog = (openedId) => {
    setDialog(null);
    reload();
    if (openedId) onOpen(openedId);
  };

  return (
    <Stack space="space.300">
      <Inline spread="space-between" alignBlock="center">
        <Heading size="medium" as="h2">
          Synchronizations of {projectKey}
        </Heading>
        <Inline space="space.100">
          <Button onClick={() => setDialog('accept')}>Accept invitation</Button>
          <Button appearance="primary" onClick={() => setDialog('new')}>
            New synchronization
          </Button>
        </Inline>
      </Inline>
      {error && <LoadFailed what="the synchronizations" error={error} onRetry={reload} />}
      {pending.length > 0 && <PendingRequests requests={pending} onDone={reload} onOpen={onOpen} />}
      <DynamicTable
        caption={caption(`Synchronizations of project ${projectKey}`)}
        head={HEAD}
        rows={listed.map((connection) => row(connection, onOpen))}
        isLoading={loading && !data}
        emptyView={
          <EmptyState
            header="No synchronizations yet"
            description="Connect this project with another project, on this site or another one, with New synchronization."
          />
        }
      />
      {dialog === 'new' && <NewConnectionModal projectKey={projectKey} onClose={closeDialog} />}
      {dialog === 'accept' && <AcceptInvitationModal projectKey={projectKey} onClose={closeDialog} />}
    </Stack>
  );
}

function row(connection, onOpen) {
  return {
    key: String(connection.id),
    cells: [
      {
        key: 'name',
        content: (
          <button type="button" className="tandem-link-button" onClick={() => onOpen(connection.id)}
            aria-label={`Open ${connection.name}`}>
            {connection.name}
          </button>
        ),
      },
      { key: 'other', content: describeSide(otherSide(connection)) },
      { key: 'scenario', content: scenarioName(connection.scenario) },
      { key: 'status', content: <StatusLozenge status={connection.status} /> },
      { key: 'issues', content: connection.issuesUnderSync },
      { key: 'last', content: formatDate(connection.lastSync) },
      {
        key: 'errors',
        content: connection.openErrors ? (
          <Lozenge appearance="removed">{connection.openErrors}</Lozenge>
        ) : (
          connection.openErrors
        ),
      },
    ],
  };
}
