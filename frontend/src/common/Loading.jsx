import Spinner from '@atlaskit/spinner';
import { Box, Inline } from '@atlaskit/primitives';

export default function Loading({ label }) {
  return (
    <Box padding="space.300">
      <Inline space="space.100" alignBlock="center">
        <Spinner size="medium" label={label} />
        <span>{label}</span>
      </Inline>
    </Box>
  );
}
